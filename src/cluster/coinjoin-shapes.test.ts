import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Coin, coins, tx } from './cluster-test-kit.ts'
import { coinJoinShape, WASABI2_DENOMINATIONS } from './coinjoin-shapes.ts'

const BTC = 100_000_000n

describe('CoinJoin shapes', () => {
  it('Whirlpool: 5 inputs, 5 outputs of exactly one pool denomination', () => {
    // Two new entrants bring 0.01 BTC plus their miner fee; three remixers bring exactly 0.01 BTC.
    const ins: Coin[] = [['n0', 1_000_170n], ['n1', 1_000_170n], ...coins('r', 3, 1_000_000n)]
    assert.equal(coinJoinShape(tx(ins, coins('m', 5, 1_000_000n))), 'whirlpool')
    // One satoshi off the pool is not Whirlpool (five equal outputs still read as a JoinMarket-like round).
    assert.equal(coinJoinShape(tx(ins, coins('m', 5, 999_999n))), 'joinmarket')
  })

  it('Whirlpool Tx0: premix outputs of pool + fee, an OP_RETURN, the coordinator fee and change', () => {
    // 0.2 BTC into 16 premixes of 1,000,170 sat (16,002,720), a 50,000 sat pool fee, change 3,945,280, fee 2,000.
    const outs: Coin[] = [
      ...coins('pre', 16, 1_000_170n),
      ['', 0n, 'nulldata'],
      ['coord', 50_000n],
      ['chg', 3_945_280n],
    ]
    assert.equal(coinJoinShape(tx([['dep', 20_000_000n]], outs)), 'whirlpool-tx0')
    // Without the OP_RETURN it is an ordinary batch of equal payments.
    assert.notEqual(
      coinJoinShape(
        tx(
          [['dep', 20_000_000n]],
          outs.filter((o) => o[2] !== 'nulldata'),
        ),
      ),
      'whirlpool-tx0',
    )
  })

  it('Wasabi 1: at least 10 equal outputs of about 0.1 BTC, at least as many inputs', () => {
    const outs: Coin[] = [...coins('mix', 50, 10_012_345n), ['coord', 300_000n], ...coins('chg', 10, 3_000_000n)]
    assert.equal(coinJoinShape(tx(coins('in', 60, 20_000_000n), outs)), 'wasabi-1')
    // 0.3 BTC outputs are outside 0.1 BTC +- 0.02 (and no Wasabi 2 denomination).
    const big: Coin[] = [...coins('mix', 50, 30_000_000n), ['coord', 300_000n]]
    assert.equal(coinJoinShape(tx(coins('in', 60, BTC), big)), null)
  })

  it('Wasabi 2: >= 50 segwit or taproot inputs, outputs at standard denominations', () => {
    const outs: Coin[] = [
      ...coins('a', 20, 5_000_000n),
      ...coins('b', 20, 1_048_576n),
      ...coins('c', 10, 2_000_000n),
      ...coins('chg', 5, 123_457n),
    ]
    assert.ok(
      WASABI2_DENOMINATIONS.has(1_048_576) && WASABI2_DENOMINATIONS.has(59_049) && !WASABI2_DENOMINATIONS.has(123_457),
    )
    assert.equal(coinJoinShape(tx(coins('in', 60, 3_000_000n, 'witness_v1_taproot'), outs)), 'wasabi-2')
    // Legacy inputs are not accepted by a WabiSabi coordinator.
    assert.equal(coinJoinShape(tx(coins('in', 60, 3_000_000n, 'pubkeyhash'), outs)), null)
  })

  it('JoinMarket: n equal outputs and up to n change outputs from n participants', () => {
    // Taker t pays 0.65 BTC for 0.5 + 0.1497 (it pays the makers' 0.0001 each and 0.0001 to the miner);
    // makers m0, m1 get 0.5 and change of their input less 0.5 plus 0.0001.
    const ins: Coin[] = [
      ['t', 65_000_000n],
      ['m0', 60_000_000n],
      ['m1', 55_000_000n],
    ]
    const outs: Coin[] = [...coins('eq', 3, 50_000_000n), ['ct', 14_970_000n], ['c0', 10_010_000n], ['c1', 5_010_000n]]
    assert.equal(coinJoinShape(tx(ins, outs)), 'joinmarket')
    // One input of 2 BTC could pay both equal outputs: a payment to two people, not a JoinMarket round.
    assert.equal(
      coinJoinShape(
        tx(
          [
            ['x', 2n * BTC],
            ['y', 1000n],
          ],
          [...coins('eq', 2, 50_000_000n), ['c', 99_990_000n]],
        ),
      ),
      null,
    )
  })

  it('ordinary payments and coinbase transactions are not CoinJoins', () => {
    assert.equal(
      coinJoinShape(
        tx(
          [['a', BTC]],
          [
            ['b', 60_000_000n],
            ['c', 39_990_000n],
          ],
        ),
      ),
      null,
    )
    assert.equal(coinJoinShape(tx([], [['miner', 625_000_000n]])), null)
  })
})
