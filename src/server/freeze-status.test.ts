import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkTransition, FREEZE_STATUSES, type FreezeStatus } from './freeze-status.ts'

test('freeze requests: exactly the documented steps are allowed, every other one is SERVER_ILLEGAL_TRANSITION', () => {
  const allowed: string[] = []
  for (const from of FREEZE_STATUSES) {
    for (const to of FREEZE_STATUSES) {
      try {
        checkTransition(from, to)
        allowed.push(`${from}>${to}`)
      } catch (e) {
        assert.equal((e as { code: string }).code, 'SERVER_ILLEGAL_TRANSITION')
      }
    }
  }
  assert.deepEqual(allowed, [
    'drafted>sent',
    'sent>acknowledged',
    'acknowledged>frozen',
    'acknowledged>declined',
    'frozen>released',
    'frozen>recovered',
  ])
  assert.throws(() => checkTransition('frozen' as FreezeStatus, 'frozen'), {
    code: 'SERVER_ILLEGAL_TRANSITION',
    details: { from: 'frozen', to: 'frozen', allowed: ['released', 'recovered'] },
  })
})
