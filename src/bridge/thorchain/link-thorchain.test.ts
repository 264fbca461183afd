import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { CrossChainLink } from '../cross-chain-link.ts'
import type { ThorchainTransferOut } from './decode-router-logs.ts'
import { BTC_DEST, DEPOSIT, OUTBOUND, PAID_SATS } from './fixtures/eth-btc-swap.ts'
import { RECORDED_OUT, RECORDED_REFUND } from './fixtures/recorded-outbounds.ts'
import { linkThorchain } from './link-thorchain.ts'

const SWAP_LINK: CrossChainLink = {
  protocol: 'thorchain',
  fromChain: 'ethereum',
  inboundTx: DEPOSIT.tx,
  inboundAsset: 'native',
  inboundAmount: 1_350_000_000_000_000_000n,
  sender: '0xa2d3301900e429d29179d3c5c7cd8d813e8fbba5',
  memo: '=:b:3GsSTWcQfbEpMQW4nJ6oPr1UhQZZCS74KD:7415381:t:30',
  toChain: 'bitcoin',
  destination: BTC_DEST,
  outboundTx: OUTBOUND.hash,
  outboundOutputs: [{ txid: OUTBOUND.hash, vout: 0, address: BTC_DEST, value: PAID_SATS }],
  outboundAmount: 7_452_189n,
  kind: 'swap',
  source: 'chain',
}

test('an Ether deposit links to the Bitcoin payout whose OP_RETURN names it, other outbounds ignored', () => {
  const links = linkThorchain([DEPOSIT], [RECORDED_OUT, OUTBOUND, RECORDED_REFUND])
  assert.deepEqual(links, [SWAP_LINK])
})

test('while the payout is not in the data the link has the memo destination and no outbound', () => {
  assert.deepEqual(linkThorchain([DEPOSIT], [RECORDED_OUT]), [
    { ...SWAP_LINK, outboundTx: null, outboundOutputs: [], outboundAmount: null },
  ])
})

test('a router REFUND on Ethereum makes the link a refund to its recipient', () => {
  const refund: ThorchainTransferOut = {
    chain: 'ethereum',
    tx: `0x${'ab'.repeat(32)}`,
    logIndex: 3,
    block: 19072150n,
    contract: DEPOSIT.contract,
    vault: DEPOSIT.vault,
    to: DEPOSIT.sender as string,
    asset: 'native',
    amount: 1_349_000_000_000_000_000n,
    memo: `REFUND:${DEPOSIT.tx.slice(2).toUpperCase()}`,
  }
  assert.deepEqual(linkThorchain([DEPOSIT], [], { transferOuts: [refund] }), [
    {
      ...SWAP_LINK,
      toChain: 'ethereum',
      destination: '0xa2d3301900e429d29179d3c5c7cd8d813e8fbba5',
      outboundTx: refund.tx,
      outboundOutputs: [],
      outboundAmount: 1_349_000_000_000_000_000n,
      kind: 'refund',
    },
  ])
})

test('a memo THORChain refuses is a refund awaiting its payout to the sender; a liquidity add is no link', () => {
  const bad = { ...DEPOSIT, memo: '=:ZZZ:3GsSTWcQfbEpMQW4nJ6oPr1UhQZZCS74KD' }
  const add = { ...DEPOSIT, tx: `0x${'cd'.repeat(32)}`, memo: '+:ETH.ETH:thor1x0uv04mglg439a8vw8q4mn83jm5s3uuj0mzsy9' }
  assert.deepEqual(linkThorchain([bad, add], [OUTBOUND]), [
    {
      ...SWAP_LINK,
      memo: bad.memo,
      toChain: 'ethereum',
      destination: '0xa2d3301900e429d29179d3c5c7cd8d813e8fbba5',
      outboundTx: null,
      outboundOutputs: [],
      outboundAmount: null,
      kind: 'refund',
    },
  ])
})

test('store chain names follow the caller: BTC may be stored as another chain name', () => {
  const [link] = linkThorchain([DEPOSIT], [OUTBOUND], { chainNames: { BTC: 'btc-devnet', ETH: 'demo' } })
  assert.equal(link?.toChain, 'btc-devnet')
  assert.equal(link?.outboundTx, OUTBOUND.hash)
})
