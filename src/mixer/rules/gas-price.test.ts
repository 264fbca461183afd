import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { linkWithdrawals } from '../link-withdrawals.ts'
import type { PoolDeposit } from '../mixer-types.ts'
import { activity, addr, deposit, ETH, legacyGas, pairGas, pool, withdrawal } from '../pool-activity-fixture.ts'

const P1 = addr('1e1')
const P10 = addr('1e10')
const pools = [pool(P1, ETH), pool(P10, 10n * ETH)]
const gasOnly = { rules: new Set(['gas-price'] as const) }
const X = addr('a1')
const Y = addr('b1')
const UNUSUAL = pairGas(41_234_567_891n, 1_234_567_891n)

/** Four careful depositors at the wallet default, and X's deposit at `gas`. */
function crowd(gas = UNUSUAL): PoolDeposit[] {
  return [
    deposit({ pool: P1, block: 1, depositor: addr('c1') }),
    deposit({ pool: P1, block: 2, depositor: X, gas }),
    deposit({ pool: P1, block: 3, depositor: addr('c2') }),
    deposit({ pool: P1, block: 4, depositor: addr('c3') }),
  ]
}

describe('gas-price', () => {
  it('links the only two pool transactions with one fee cap and tip pair, at 0.8', () => {
    const deposits = crowd()
    const w = withdrawal({ pool: P1, block: 9, recipient: Y, gas: UNUSUAL })
    const [link, ...rest] = linkWithdrawals(activity({ pools, deposits, withdrawals: [w] }), gasOnly)
    assert.deepEqual(rest, [])
    assert.equal(link?.deposit.tx, deposits[1]?.tx)
    assert.equal(link?.withdrawal.tx, w.tx)
    assert.equal(link?.confidence, 0.8)
    assert.deepEqual(link?.rules[0]?.facts, {
      maxFeePerGas: '41234567891',
      maxPriorityFeePerGas: '1234567891',
      depositTx: deposits[1]?.tx,
      withdrawalTx: w.tx,
      recipient: Y,
    })
    assert.deepEqual(link?.anonymitySet, { before: 4, after: 4 })
  })

  it('links a unique legacy gas price at 0.75', () => {
    const deposits = crowd(legacyGas(77_777_777_777n))
    const w = withdrawal({ pool: P1, block: 9, recipient: Y, gas: legacyGas(77_777_777_777n) })
    const links = linkWithdrawals(activity({ pools, deposits, withdrawals: [w] }), gasOnly)
    assert.deepEqual(
      links.map((l) => [l.deposit.depositor, l.confidence]),
      [[X, 0.75]],
    )
  })

  it('links across pools, the withdrawal’s pool naming the link and no 1/before floor', () => {
    const d = deposit({ pool: P10, block: 1, depositor: X, gas: UNUSUAL })
    const w = withdrawal({ pool: P1, block: 9, recipient: Y, gas: UNUSUAL })
    const links = linkWithdrawals(
      activity({ pools, deposits: [d, deposit({ pool: P1, block: 2, depositor: addr('c1') })], withdrawals: [w] }),
      gasOnly,
    )
    assert.deepEqual(
      links.map((l) => [l.pool, l.deposit.pool, l.confidence, l.anonymitySet.before]),
      [[P1, P10, 0.8, 1]],
    )
  })

  it('reads nothing into a relayer’s gas, a third sender, or a fingerprint three pool transactions share', () => {
    const relayed = withdrawal({
      pool: P1,
      block: 9,
      recipient: Y,
      relayer: addr('fee'),
      fee: 10n ** 16n,
      gas: UNUSUAL,
    })
    const sentByOther = withdrawal({ pool: P1, block: 9, recipient: Y, sender: addr('c9'), gas: UNUSUAL })
    const direct = withdrawal({ pool: P1, block: 9, recipient: Y, gas: UNUSUAL })
    const third = withdrawal({ pool: P1, block: 10, recipient: addr('b2'), relayer: addr('fee'), gas: UNUSUAL })
    const earlier = withdrawal({ pool: P1, block: 1, recipient: Y, gas: UNUSUAL })
    for (const withdrawals of [[relayed], [sentByOther], [direct, third], [earlier]]) {
      const deposits = withdrawals[0] === earlier ? crowd().map((d) => ({ ...d, block: d.block + 5n })) : crowd()
      assert.deepEqual(linkWithdrawals(activity({ pools, deposits, withdrawals }), gasOnly), [])
    }
    // The wallet default is in every transaction: it links nobody.
    const atDefault = withdrawal({ pool: P1, block: 9, recipient: Y })
    assert.deepEqual(linkWithdrawals(activity({ pools, deposits: crowd(), withdrawals: [atDefault] }), gasOnly), [])
  })

  it('reads nothing into a fingerprint other stored transactions of the period use, when they were counted', () => {
    const deposits = crowd()
    const w = withdrawal({ pool: P1, block: 9, recipient: Y, gas: UNUSUAL })
    const key = '1559:41234567891:1234567891'
    const counted = (n: number) => ({
      ...activity({ pools, deposits, withdrawals: [w] }),
      fingerprintUses: new Map([[key, n]]),
    })
    // The deposit and the withdrawal themselves: still a fingerprint, and the evidence says the chain was checked.
    const [link] = linkWithdrawals(counted(2), gasOnly)
    assert.equal(link?.deposit.tx, deposits[1]?.tx)
    assert.match(link?.rules[0]?.evidence ?? '', /no other stored transaction between them is\.$/)
    // A third transaction anywhere in the data (a gas oracle's price): no fingerprint.
    assert.deepEqual(linkWithdrawals(counted(3), gasOnly), [])
  })

  it('votes nothing when switched off', () => {
    const w = withdrawal({ pool: P1, block: 9, recipient: Y, gas: UNUSUAL })
    assert.deepEqual(
      linkWithdrawals(activity({ pools, deposits: crowd(), withdrawals: [w] }), { rules: new Set(['timing']) }),
      [],
    )
  })
})
