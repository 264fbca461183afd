import { getOr } from '../core/get-or.ts'
import type { EndpointLabels } from '../labels/endpoint-labels.ts'
import type { Row, Store } from '../store/store.ts'
import { fingerprintKey, gasFingerprintOf } from './gas-fingerprint.ts'
import type { MixerPool, PoolActivity, PoolDeposit, PoolWithdrawal } from './mixer-types.ts'
import { labelClusters } from './pool-clusters.ts'
import { type DepositLog, decodeDepositLog, decodeWithdrawalLog, type WithdrawalLog } from './pool-events.ts'
import { type PoolTransfers, readPoolTransfers } from './read-pool-transfers.ts'
import { type EventContract, type NoteAmount, recognisePools, type TokenLookup } from './recognise-pools.ts'

type Window = { fromBlock?: bigint; toBlock?: bigint }

/**
 * Reads the fixed-denomination pools of a chain from a store, with their deposits and withdrawals (each joined
 * to its transaction: sender, time, gas), the direct transfers between depositors and recipients outside the
 * pools, and the label entities of both. The anonymity sets linking computes count the deposits read, so a
 * window should start before the pools' first deposits. A store that can name tokens (tokensNamed) also resolves
 * token pools' labels ("100,000 USDT").
 * @example const activity = await readPoolActivity(store, 'ethereum', new RegistryEndpointLabels(index, 'ethereum'))
 */
export async function readPoolActivity(
  store: Pick<Store, 'read'> & TokenLookup,
  chain: string,
  labels: EndpointLabels,
  window: Window = {},
): Promise<PoolActivity> {
  const logs = await readPoolLogs(store, chain, window)
  const { txs, fingerprintUses } = await readTransactions(store, chain, logs)
  const depositTxs = contractsByTx(logs.deposits)
  const withdrawalTxs = contractsByTx(logs.withdrawals)
  const senders = new Set(logs.deposits.map((d) => fromOf(txs.get(d.tx))).filter((a) => a !== ''))
  const recipients = new Set(logs.withdrawals.map((w) => w.to))
  const contracts = new Set([...logs.deposits, ...logs.withdrawals].map((e) => e.contract))
  const transfers = await readPoolTransfers(store, chain, window, {
    depositTxs,
    withdrawalTxs,
    excluded: contracts,
    depositors: senders,
    recipients,
  })
  const pools = await recognisePools(chain, eventContracts(logs, transfers), labels, store)
  const poolSet = new Map(pools.map((p) => [p.address, p]))
  const deposits = logs.deposits.flatMap((d) => toDeposit(d, txs.get(d.tx), poolSet))
  const withdrawals = logs.withdrawals.flatMap((w) => toWithdrawal(w, txs.get(w.tx), poolSet))
  const depositors = new Set(deposits.map((d) => d.depositor))
  const paid = new Set(withdrawals.map((w) => w.recipient))
  const interactions = new Map<string, { tx: string; block: bigint }>()
  for (const [pair, first] of transfers.interactions) {
    const [a, b] = pair.split('|') as [string, string]
    if ((depositors.has(a) && paid.has(b)) || (depositors.has(b) && paid.has(a))) interactions.set(pair, first)
  }
  const { clusters, services } = labelClusters(labels, [...depositors, ...paid])
  return { pools, deposits, withdrawals, interactions, clusters, services, fingerprintUses }
}

interface PoolLogs {
  deposits: DepositLog[]
  withdrawals: WithdrawalLog[]
}

async function readPoolLogs(store: Pick<Store, 'read'>, chain: string, window: Window): Promise<PoolLogs> {
  const out: PoolLogs = { deposits: [], withdrawals: [] }
  for await (const batch of store.read('logs', { chain, ...window })) {
    for (const row of batch) {
      const d = decodeDepositLog(row)
      if (d) {
        out.deposits.push(d)
        continue
      }
      const w = decodeWithdrawalLog(row)
      if (w) out.withdrawals.push(w)
    }
  }
  return out
}

/**
 * The transactions of the pool events, by lowercase hash, and how many of all the stored transactions between the
 * first and the last event use each gas fingerprint (read in the same pass).
 */
async function readTransactions(
  store: Pick<Store, 'read'>,
  chain: string,
  logs: PoolLogs,
): Promise<{ txs: Map<string, Row>; fingerprintUses: Map<string, number> }> {
  const events = [...logs.deposits, ...logs.withdrawals]
  const out = new Map<string, Row>()
  const fingerprintUses = new Map<string, number>()
  if (events.length === 0) return { txs: out, fingerprintUses }
  const wanted = new Set(events.map((e) => e.tx))
  // Blocks are bigint, which Math.min cannot take.
  let first = events[0]?.block ?? 0n
  let last = first
  for (const e of events) {
    if (e.block < first) first = e.block
    if (e.block > last) last = e.block
  }
  for await (const batch of store.read('transactions', { chain, fromBlock: first, toBlock: last })) {
    for (const row of batch) {
      const hash = String(row.hash).toLowerCase()
      if (wanted.has(hash)) out.set(hash, row)
      const key = fingerprintKey(gasFingerprintOf(row))
      if (key !== null) fingerprintUses.set(key, (fingerprintUses.get(key) ?? 0) + 1)
    }
  }
  return { txs: out, fingerprintUses }
}

function contractsByTx(events: readonly { tx: string; contract: string }[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const e of events) {
    getOr(out, e.tx, () => new Set<string>()).add(e.contract)
  }
  return out
}

/**
 * Each event contract's note amounts: what its deposit transactions paid in, split evenly over the notes of
 * the transaction. Only when no deposit amount is seen (a window after the deposits, a deposit through a router
 * without traces) do the withdrawals speak: what the contract paid out per withdrawal, recipient and relayer
 * together; in a token pool the token, not the native refund some withdrawals add.
 */
function eventContracts(
  logs: PoolLogs,
  transfers: Pick<PoolTransfers, 'paid' | 'paidOut'>,
): Map<string, EventContract> {
  const out = new Map<string, EventContract>()
  const of = (address: string) => {
    let c = out.get(address)
    if (!c) {
      c = { address, noteAmounts: [] }
      out.set(address, c)
    }
    return c
  }
  const perTx = (events: readonly { tx: string; contract: string }[]) => {
    const n = new Map<string, number>()
    for (const e of events) n.set(`${e.tx}|${e.contract}`, (n.get(`${e.tx}|${e.contract}`) ?? 0) + 1)
    return n
  }
  const depositNotes = perTx(logs.deposits)
  for (const d of logs.deposits) {
    const assets = positive(transfers.paid.get(d.tx)?.get(d.contract))
    of(d.contract).noteAmounts.push(perNote(assets.length === 1 ? assets[0] : undefined, depositNotes, d))
  }
  const withdrawalNotes = perTx(logs.withdrawals)
  const fromWithdrawals = new Map<string, NoteAmount[]>()
  for (const w of logs.withdrawals) {
    const assets = positive(transfers.paidOut.get(w.tx)?.get(w.contract))
    const tokens = assets.filter(([asset]) => asset !== 'native')
    const paid = tokens.length === 1 ? tokens[0] : tokens.length === 0 && assets.length === 1 ? assets[0] : undefined
    const list = fromWithdrawals.get(w.contract) ?? []
    list.push(perNote(paid, withdrawalNotes, w))
    fromWithdrawals.set(w.contract, list)
  }
  for (const [address, notes] of fromWithdrawals) {
    const c = of(address)
    if (!c.noteAmounts.some((n) => n !== null)) c.noteAmounts.push(...notes)
  }
  return out
}

function positive(byAsset: ReadonlyMap<string, bigint> | undefined): [string, bigint][] {
  return byAsset ? [...byAsset].filter(([, amount]) => amount > 0n) : []
}

function perNote(
  paid: [string, bigint] | undefined,
  notesPerTx: ReadonlyMap<string, number>,
  e: { tx: string; contract: string },
): NoteAmount {
  const notes = BigInt(notesPerTx.get(`${e.tx}|${e.contract}`) ?? 1)
  return paid && paid[1] % notes === 0n ? { asset: paid[0], amount: paid[1] / notes } : null
}

function fromOf(tx: Row | undefined): string {
  return tx ? String(tx.from_address ?? '').toLowerCase() : ''
}

/** A store holds the transaction of every log it holds; an event without one cannot be attributed and is left out. */
function toDeposit(d: DepositLog, tx: Row | undefined, pools: ReadonlyMap<string, MixerPool>): PoolDeposit[] {
  if (!tx || !pools.has(d.contract)) return []
  return [
    {
      pool: d.contract,
      tx: d.tx,
      logIndex: d.logIndex,
      block: d.block,
      time: timeOf(tx, d.timestamp),
      depositor: fromOf(tx),
      commitment: d.commitment,
      leafIndex: d.leafIndex,
      gas: gasFingerprintOf(tx),
    },
  ]
}

function toWithdrawal(w: WithdrawalLog, tx: Row | undefined, pools: ReadonlyMap<string, MixerPool>): PoolWithdrawal[] {
  if (!tx || !pools.has(w.contract)) return []
  return [
    {
      pool: w.contract,
      tx: w.tx,
      logIndex: w.logIndex,
      block: w.block,
      time: timeOf(tx, 0n),
      recipient: w.to,
      relayer: w.relayer,
      fee: w.fee,
      sender: fromOf(tx),
      nullifierHash: w.nullifierHash,
      gas: gasFingerprintOf(tx),
    },
  ]
}

function timeOf(tx: Row, fallback: bigint): bigint {
  const t = tx.block_timestamp
  return t === null || t === undefined ? fallback : BigInt(t as bigint)
}
