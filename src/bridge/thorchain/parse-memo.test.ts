import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { normaliseTxHash, parseThorMemo, type SwapMemo } from './parse-memo.ts'

function swap(memo: string): SwapMemo {
  const m = parseThorMemo(memo)
  assert.equal(m.function, 'swap', `${memo}: ${m.function === 'invalid' ? m.reason : m.function}`)
  return m as SwapMemo
}

// Memos from THORChain's docs (dev.thorchain.org "Transaction Memos" and "Memo Length Reduction") and from
// recorded mainnet transactions (a router deposit's calldata, Midgard actions, Bitcoin OP_RETURNs).
describe('swap memos', () => {
  test('the long form and its documented reduction read the same swap', () => {
    const long = swap(
      'SWAP:ETH.ETH:0xe6a30f4f3bad978910e2cbb4d97581f5b5a0ade0:1612345678:thor1el4ufmhll3yw7zxzszvfakrk66j7fx0tvcslym:10',
    )
    assert.equal(long.asset.notation, 'ETH.ETH')
    assert.equal(long.destination, '0xe6a30f4f3bad978910e2cbb4d97581f5b5a0ade0')
    assert.equal(long.limit, 1612345678n)
    assert.deepEqual(long.affiliates, ['thor1el4ufmhll3yw7zxzszvfakrk66j7fx0tvcslym'])
    assert.deepEqual(long.affiliateBps, [10])
    const short = swap('=:e:dx:161e6:t:10')
    assert.equal(short.asset.notation, 'ETH.ETH')
    assert.equal(short.destination, 'dx') // a THORName
    assert.equal(short.limit, 161_000_000n)
    assert.deepEqual([short.affiliates, short.affiliateBps], [['t'], [10]])
  })

  test('short codes expand to their assets; a token keeps its contract', () => {
    assert.equal(swap('=:e:0x388C818CA8B9251b393131C08a736A67ccB19297').asset.notation, 'ETH.ETH')
    assert.equal(swap('=:r:thor1el4ufmhll3yw7zxzszvfakrk66j7fx0tvcslym').asset.notation, 'THOR.RUNE')
    const codes = {
      a: 'AVAX.AVAX',
      b: 'BTC.BTC',
      c: 'BCH.BCH',
      g: 'GAIA.ATOM',
      n: 'BNB.BNB',
      s: 'BSC.BNB',
      d: 'DOGE.DOGE',
      l: 'LTC.LTC',
    }
    for (const [code, asset] of Object.entries(codes)) assert.equal(swap(`=:${code}:x`).asset.notation, asset)
    const usdt = swap(
      'SWAP:ETH.USDT-0xdac17f958d2ee523a2206206994597c13d831ec7:0xe6a30f4f3bad978910e2cbb4d97581f5b5a0ade0:10012345678:thor1el4ufmhll3yw7zxzszvfakrk66j7fx0tvcslym:10',
    ).asset
    assert.deepEqual(
      [usdt.chain, usdt.symbol, usdt.contract],
      ['ETH', 'USDT', '0xdac17f958d2ee523a2206206994597c13d831ec7'],
    )
    const fuzzy = swap('=:ETH.USDT:dx:100e7:t:10')
    assert.deepEqual([fuzzy.asset.ticker, fuzzy.asset.contract, fuzzy.limit], [null, null, 1_000_000_000n])
  })

  test('the function aliases s, = and swap in any case; a synth stays on THORChain', () => {
    const synth = swap('s:BNB/BUSD-BD1:thor15s4apx9ap7lazpsct42nmvf0t6am4r3w0r64f2:628197586176')
    assert.deepEqual([synth.asset.kind, synth.asset.chain, synth.asset.ticker], ['synth', 'BNB', 'BD1'])
    assert.equal(swap('swap:b:bc1qtgsttdcy3z67hegc36l99egdm36va0m5r0gece').asset.notation, 'BTC.BTC')
    assert.equal(swap('Swap:BTC.BTC:x').asset.notation, 'BTC.BTC')
  })

  test('recorded mainnet swaps to Bitcoin and to Ether', () => {
    // Router deposit 0x5d04d797…68d4 (Ethereum block 19072119), memo decoded from its calldata.
    const eth = swap('=:b:3GsSTWcQfbEpMQW4nJ6oPr1UhQZZCS74KD:7415381:t:30')
    assert.deepEqual(
      [eth.asset.notation, eth.destination, eth.refundAddress, eth.limit, eth.affiliates, eth.affiliateBps],
      ['BTC.BTC', '3GsSTWcQfbEpMQW4nJ6oPr1UhQZZCS74KD', null, 7_415_381n, ['t'], [30]],
    )
    const btc = swap('SWAP:BTC.BTC:bc1qtgsttdcy3z67hegc36l99egdm36va0m5r0gece:24000000')
    assert.deepEqual(
      [btc.destination, btc.limit, btc.affiliates],
      ['bc1qtgsttdcy3z67hegc36l99egdm36va0m5r0gece', 24_000_000n, []],
    )
    const back = swap('=:ETH.ETH:0x7fFA927b18576304bFF35d5C1bFe20CDa66C1BF1:52656381:ss:29')
    assert.deepEqual(
      [back.destination, back.affiliates, back.affiliateBps],
      ['0x7fFA927b18576304bFF35d5C1bFe20CDa66C1BF1', ['ss'], [29]],
    )
  })

  test('streaming parameters, a refund address and passthrough data', () => {
    const m = swap('=:b:bc1qdest/0xabc0000000000000000000000000000000000001:0/1/0:t/ss:10/20|hello world')
    assert.deepEqual(
      [m.destination, m.refundAddress, m.limit, m.interval, m.quantity, m.affiliates, m.affiliateBps, m.passthrough],
      ['bc1qdest', '0xabc0000000000000000000000000000000000001', 0n, 1, 0, ['t', 'ss'], [10, 20], 'hello world'],
    )
    const bare = swap('=:b:bc1qdest')
    assert.deepEqual([bare.limit, bare.interval, bare.quantity, bare.affiliates], [null, null, null, []])
  })

  test('memos THORChain refuses parse as invalid, with the reason; other functions as other', () => {
    assert.deepEqual(parseThorMemo('=:ZZZ:bc1qdest'), { function: 'invalid', reason: 'unknown asset "ZZZ"' })
    assert.deepEqual(parseThorMemo('=:b:bc1q:12x'), { function: 'invalid', reason: 'bad trade limit "12x"' })
    assert.deepEqual(parseThorMemo('=:b:bc1q:1:t:20000'), { function: 'invalid', reason: 'bad affiliate fee "20000"' })
    assert.deepEqual(parseThorMemo(''), { function: 'invalid', reason: 'empty memo' })
    assert.deepEqual(parseThorMemo('+:BTC.BTC:'), { function: 'other', name: '+' })
    assert.deepEqual(parseThorMemo('-:AVAX.AVAX:10000:THOR.RUNE'), { function: 'other', name: '-' })
  })
})

describe('outbound memos', () => {
  test('OUT and REFUND with THORChain upper-case hashes, 0x and lower case normalised', () => {
    assert.deepEqual(parseThorMemo('OUT:B5FE4F2D310D32ADD3D70C1E806E224943A08E73AC89287AB374B6566C4605D8'), {
      function: 'out',
      inboundHash: 'b5fe4f2d310d32add3d70c1e806e224943a08e73ac89287ab374b6566c4605d8',
    })
    assert.deepEqual(parseThorMemo('REFUND:1A15D2C488FCA6FE4B50A930BDFCF320DAD6FCFF629B8D91310648E35FCEE967'), {
      function: 'refund',
      inboundHash: '1a15d2c488fca6fe4b50a930bdfcf320dad6fcff629b8d91310648e35fcee967',
    })
    const lower = parseThorMemo('out:0x5d04d7971cd8eea1ae0673485de728a2afb818c4028c5d8ddaf7e5ed775268d4')
    assert.deepEqual(lower, {
      function: 'out',
      inboundHash: '5d04d7971cd8eea1ae0673485de728a2afb818c4028c5d8ddaf7e5ed775268d4',
    })
    assert.equal(parseThorMemo('OUT:1234').function, 'invalid')
    assert.equal(
      normaliseTxHash('0X5D04D7971CD8EEA1AE0673485DE728A2AFB818C4028C5D8DDAF7E5ED775268D4'),
      '5d04d7971cd8eea1ae0673485de728a2afb818c4028c5d8ddaf7e5ed775268d4',
    )
    assert.equal(normaliseTxHash('xyz'), null)
  })
})
