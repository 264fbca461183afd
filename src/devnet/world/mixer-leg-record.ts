import { decodeEventLog, type TransactionReceipt, zeroAddress } from 'viem'
import { DragnetError } from '../../core/errors.ts'
import type { Address, Hex } from '../../core/hex.ts'
import { loadArtifact } from '../artifact.ts'
import { listEntities } from './build-manifest.ts'
import type { ExpectedEndpoint } from './manifest.ts'
import { NOTES, type NoteSpec } from './mixer-leg-plan.ts'
import type { MixerLegNote, MixerLegPool, MixerLegTruth, MixerProbableTarget } from './mixer-leg-truth.ts'
import { addressOf, lower, type World } from './world-driver.ts'

/** The receipts the leg collected as it played: per note key, and its plain transfers in order. */
export interface LegReceipts {
  deposits: Map<string, TransactionReceipt>
  withdrawals: Map<string, TransactionReceipt>
  transfers: { receipt: TransactionReceipt; amount: bigint }[]
}

const MIXER_ABI = loadArtifact('Mixer').abi

/** The honest customer's two notes from before the heist, and the transactions that spent them (by their log notes). */
const CUSTOMER_NOTES = [
  {
    key: 'customer-0',
    deposit: 'customer mixer deposit 0',
    withdrawal: 'customer withdraws one note to a fresh address',
  },
  { key: 'customer-1', deposit: 'customer mixer deposit 1', withdrawal: 'the honest user withdraws its second note' },
]

interface PoolEvent {
  logIndex: number
  args: Record<string, unknown>
}

/** The pool's one event of `name` in the receipt, decoded. */
function poolEvent(receipt: TransactionReceipt, pool: Address, name: 'Deposit' | 'Withdrawal'): PoolEvent {
  for (const log of receipt.logs) {
    if (lower(log.address) !== pool) continue
    const event = decodeEventLog({ abi: MIXER_ABI, data: log.data, topics: log.topics })
    if (event.eventName === name)
      return { logIndex: log.logIndex, args: event.args as unknown as Record<string, unknown> }
  }
  throw new DragnetError('CHAIN_INCONSISTENT', `transaction ${receipt.transactionHash} has no ${name} of pool ${pool}`)
}

function txByNote(world: World, note: string): Hex {
  const tx = world.transactions.find((t) => t.note === note)
  if (!tx) throw new DragnetError('INTERNAL', `the world has no transaction "${note}"`)
  return tx.hash
}

type NoteTruthSpec = Pick<NoteSpec, 'key' | 'pool' | 'owner' | 'stolen' | 'planted'>

const CUSTOMER_SPECS: NoteTruthSpec[] = CUSTOMER_NOTES.map((c) => ({
  key: c.key,
  pool: 'mixer100',
  owner: 'crowd',
  stolen: false,
  planted: [],
}))

/** Reads block times once per block. */
function blockTimes(world: World): (block: bigint) => Promise<bigint> {
  const times = new Map<bigint, bigint>()
  return async (block) => {
    if (!times.has(block)) times.set(block, (await world.clients.deployer.getBlock({ blockNumber: block })).timestamp)
    return times.get(block)!
  }
}

/** The deposit and (if spent) withdrawal receipts of a note: the leg's own, or the world's earlier ones. */
async function noteReceipts(
  world: World,
  key: string,
  receipts: LegReceipts,
): Promise<{ dep: TransactionReceipt; wd: TransactionReceipt | null }> {
  const fetch = async (note: string) =>
    await world.clients.deployer.getTransactionReceipt({ hash: txByNote(world, note) })
  const customer = CUSTOMER_NOTES.find((c) => c.key === key)
  const heist = /^heist-(\d)$/.exec(key)
  const dep = receipts.deposits.get(key) ?? (await fetch(customer ? customer.deposit : `mixer deposit ${heist?.[1]}`))
  const wd = receipts.withdrawals.get(key) ?? (customer ? await fetch(customer.withdrawal) : null)
  return { dep, wd }
}

/** One note as its Deposit and Withdrawal events show it. */
async function readNote(
  spec: NoteTruthSpec,
  pool: Address,
  { dep, wd }: { dep: TransactionReceipt; wd: TransactionReceipt | null },
  timeOf: (block: bigint) => Promise<bigint>,
): Promise<MixerLegNote> {
  const d = poolEvent(dep, pool, 'Deposit')
  const w = wd ? poolEvent(wd, pool, 'Withdrawal') : null
  const relayer = w ? lower(w.args.relayer as string) : null
  return {
    key: spec.key,
    pool,
    depositTx: dep.transactionHash,
    depositLogIndex: d.logIndex,
    depositBlock: dep.blockNumber,
    depositTime: await timeOf(dep.blockNumber),
    depositor: lower(dep.from),
    commitment: d.args.commitment as Hex,
    leafIndex: Number(d.args.leafIndex),
    withdrawalTx: wd?.transactionHash ?? null,
    withdrawalLogIndex: w?.logIndex ?? null,
    withdrawalBlock: wd?.blockNumber ?? null,
    withdrawalTime: wd ? await timeOf(wd.blockNumber) : null,
    nullifierHash: w ? (w.args.nullifierHash as Hex) : null,
    recipient: w ? lower(w.args.to as string) : null,
    relayer: relayer === null || relayer === zeroAddress ? null : relayer,
    fee: w ? (w.args.fee as bigint) : 0n,
    owner: spec.owner,
    stolen: spec.stolen,
    planted: [...spec.planted],
  }
}

/**
 * Reads the leg's truth back from the chain: every note of the three pools (the customer's and the heist's
 * earlier ones included) from its Deposit and Withdrawal events, the plain transfers, and the probable target.
 */
export async function recordMixerLeg(
  world: World,
  blocks: { from: bigint; to: bigint },
  pools: MixerLegPool[],
  receipts: LegReceipts,
): Promise<MixerLegTruth> {
  const timeOf = blockTimes(world)
  const notes: MixerLegNote[] = []
  for (const spec of [...CUSTOMER_SPECS, ...NOTES]) {
    const pool = pools.find((p) => p.key === spec.pool)!.address
    notes.push(await readNote(spec, pool, await noteReceipts(world, spec.key, receipts), timeOf))
  }
  notes.sort((a, b) => (a.depositBlock < b.depositBlock ? -1 : a.depositBlock > b.depositBlock ? 1 : 0))
  const transfers = receipts.transfers.map(({ receipt: r, amount }) => ({
    from: lower(r.from),
    to: lower(r.to!),
    amount,
    hash: r.transactionHash,
    blockNumber: r.blockNumber,
  }))
  return {
    blocks,
    time: { from: await timeOf(blocks.from), to: await timeOf(blocks.to) },
    pools,
    relayers: [addressOf(world, 'relayer1'), addressOf(world, 'relayer2')],
    notes,
    transfers,
    probable: [probableTarget(world, pools, notes, transfers)],
    poisonReturns: poisonReturns(world, pools, notes, blocks),
  }
}

/** The leg's withdrawals to the depositor of a stolen note: an address the exact trace follows. */
function poisonReturns(
  world: World,
  pools: MixerLegPool[],
  notes: MixerLegNote[],
  blocks: { from: bigint; to: bigint },
): ExpectedEndpoint[] {
  const followed = new Set(notes.filter((n) => n.stolen).map((n) => n.depositor))
  const names = new Map(listEntities(world).map((e) => [e.address, e.name]))
  return notes
    .filter((n) => n.recipient && followed.has(n.recipient) && n.withdrawalBlock! >= blocks.from)
    .map((n) => {
      const amount = pools.find((p) => p.address === n.pool)!.denomination - n.fee
      return {
        category: 'held' as const,
        address: n.recipient!,
        heldBy: n.recipient!,
        name: names.get(n.recipient!) ?? n.recipient!,
        asset: 'native' as const,
        amount,
        origin: { asset: 'native' as const, amount },
        freezableBy: [],
        arrivalTx: n.withdrawalTx!,
      }
    })
}

/** W1's Harbor deposit: the note it withdrew, what it paid in, and Harbor's sweep. */
function probableTarget(
  world: World,
  pools: MixerLegPool[],
  notes: MixerLegNote[],
  transfers: MixerLegTruth['transfers'],
): MixerProbableTarget {
  const w1 = addressOf(world, 'w1')
  const deposit = addressOf(world, 'depositW1')
  const note = notes.find((n) => n.recipient === w1)!
  const arrival = transfers.find((t) => t.from === w1 && t.to === deposit)!
  const sweep = transfers.find((t) => t.from === deposit)!
  return {
    address: deposit,
    heldBy: sweep.to,
    name: 'Harbor Exchange deposit address',
    via: w1,
    amount: arrival.amount,
    fromNote: pools.find((p) => p.address === note.pool)!.denomination - note.fee,
    note: {
      key: note.key,
      pool: note.pool,
      commitment: note.commitment,
      depositTx: note.depositTx,
      withdrawalTx: note.withdrawalTx!,
    },
    arrivalTx: arrival.hash,
    sweepTx: sweep.hash,
    freezableBy: ['exchange'],
  }
}
