import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import { loadRuleSet, parseRuleSet } from './load-rules.ts'

const code = (c: string) => (e: unknown) => e instanceof DragnetError && e.code === c
const source = { s: { title: 't', publisher: 'p', date: '2024-01-01', url: 'https://example.invalid/' } }
const rule = { id: 'X-1', check: 'camera-refused', weight: 5, signal: 's', sources: ['s'] }

describe('rule files', () => {
  it('loads the shipped rules, each citing a dated source', () => {
    const rules = loadRuleSet()
    assert.equal(rules.rules.length, 14)
    for (const r of rules.rules) for (const s of r.sources) assert.match(rules.sources[s]!.date, /^\d{4}-\d{2}-\d{2}$/)
  })

  it('rejects an unknown check, an undefined source and a duplicate id', () => {
    assert.throws(
      () => parseRuleSet({ version: 1, sources: source, rules: [{ ...rule, check: 'nope' }] }, 't'),
      code('HIRE_INVALID_DATA'),
    )
    assert.throws(
      () => parseRuleSet({ version: 1, sources: source, rules: [{ ...rule, sources: ['x'] }] }, 't'),
      code('HIRE_INVALID_DATA'),
    )
    assert.throws(
      () => parseRuleSet({ version: 1, sources: source, rules: [rule, rule] }, 't'),
      code('HIRE_INVALID_DATA'),
    )
  })

  it('accepts a team rule that reuses a built-in check with its own parameters', () => {
    const custom = {
      ...rule,
      id: 'TEAM-VOIP',
      check: 'list-contains',
      params: { field: 'contacts.phones', values: ['+1 555 0199'] },
    }
    assert.equal(parseRuleSet({ version: 1, sources: source, rules: [custom] }, 't').rules[0]!.id, 'TEAM-VOIP')
  })
})
