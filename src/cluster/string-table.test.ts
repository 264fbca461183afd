import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StringTable } from './string-table.ts'

describe('StringTable', () => {
  it('gives each distinct string one id, also for strings that share every sampled character', () => {
    const t = new StringTable()
    // Same length, last six and middle six characters: equal hashes, told apart by comparing the strings.
    const a = 'aaaaaaaaaaaaaaaaaaaaXXXXXXbbbbbbbbbbbbbbbbbbbb123456'
    const b = `b${a.slice(1)}`
    assert.equal(t.intern(a), 0)
    assert.equal(t.intern(b), 1)
    assert.equal(t.intern(`${a}`), 0)
    assert.equal(t.find(b), 1)
    assert.equal(t.find('missing'), -1)
  })

  it('keeps ids across growth', () => {
    const t = new StringTable()
    const keys = Array.from({ length: 50_000 }, (_, i) => `bc1q${i.toString(36)}`)
    keys.forEach((k, i) => {
      assert.equal(t.intern(k), i)
    })
    keys.forEach((k, i) => {
      assert.equal(t.find(k), i)
    })
    assert.equal(t.size, 50_000)
  })
})
