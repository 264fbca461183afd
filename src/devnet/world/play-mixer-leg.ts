import { createTestClient, encodeFunctionData, http, keccak256, stringToHex, type TransactionReceipt } from 'viem'
import { DragnetError } from '../../core/errors.ts'
import type { Address } from '../../core/hex.ts'
import { DEFAULT_MNEMONIC } from '../anvil.ts'
import { loadArtifact } from '../artifact.ts'
import { deployContract } from '../deploy.ts'
import { createDevnetClient, devnetChain } from '../devnet-client.ts'
import { step } from './heist-ledger.ts'
import type { ManifestEntity } from './manifest.ts'
import { MIXER_ACTORS, type MixerActorKey } from './mixer-actors.ts'
import {
  type LegAction,
  NOTES,
  type NoteSpec,
  POOL_DENOMINATIONS,
  POOL_NAMES,
  type PoolKey,
  relayerFee,
  SCHEDULE,
} from './mixer-leg-plan.ts'
import { type LegReceipts, recordMixerLeg } from './mixer-leg-record.ts'
import type { MixerLegPool, MixerLegTruth } from './mixer-leg-truth.ts'
import { deriveAccounts } from './world-accounts.ts'
import { addressOf, lower, sendTx, type World, ZERO_FEES } from './world-driver.ts'

/** Options of the mixer leg. */
export interface MixerLegPlan {
  /** Seconds between the heist's last block and the leg's first; an hour by default. */
  startAfterSeconds?: number
  /** Gets the leg's truth once it is played. */
  played?: (leg: MixerLegTruth) => void
}

const MIXER_ABI = loadArtifact('Mixer').abi

/** Adds the leg's accounts (MIXER_ACTORS) to the world, with a client each. */
function addMixerActors(world: World): void {
  const keys = Object.keys(MIXER_ACTORS) as MixerActorKey[]
  const derived = deriveAccounts(
    DEFAULT_MNEMONIC,
    keys.map((k) => MIXER_ACTORS[k].index),
  )
  const chain = devnetChain(world.chainId, world.rpcUrl)
  for (const key of keys) {
    const account = derived.get(MIXER_ACTORS[key].index)!
    world.accounts[key] = account
    world.clients[key] = createDevnetClient(world.rpcUrl, account, chain)
  }
}

/** The commitment and nullifier hash of a note, from its key (the heist's notes keep the heist's commitments). */
export function noteSecrets(key: string): { commitment: `0x${string}`; nullifierHash: `0x${string}` } {
  const heist = /^heist-(\d)$/.exec(key)
  const commitment = heist ? `heist-note-${heist[1]}` : `mixer-leg-${key}-note`
  const nullifier = heist ? `heist-nullifier-${heist[1]}` : `mixer-leg-${key}-nullifier`
  return { commitment: keccak256(stringToHex(commitment)), nullifierHash: keccak256(stringToHex(nullifier)) }
}

/**
 * Plays the mixer leg after the rest of the heist (docs/demo-world.md, "The mixer leg"): two more pools, two
 * relayers, the attacker's three stolen notes withdrawn three ways, careless users who each leave one link and a
 * careful crowd that leaves none, spread over two days. Returns the truth, read back from the receipts.
 */
export async function playMixerLeg(world: World, plan: MixerLegPlan = {}): Promise<MixerLegTruth> {
  const after = plan.startAfterSeconds ?? 3600
  if (!Number.isSafeInteger(after) || after < 1) {
    throw new DragnetError(
      'INVALID_ARGUMENT',
      `the mixer leg starts a whole number of seconds (1 or more) after the heist, not ${after}`,
    )
  }
  addMixerActors(world)
  const test = createTestClient({ mode: 'anvil', transport: http(world.rpcUrl, { retryCount: 0 }) })
  const head = await world.clients.deployer.getBlock()
  const start = head.timestamp + BigInt(after)
  const pools = new Map<PoolKey, Address>([['mixer100', world.contracts.mixer.address]])
  const receipts: LegReceipts = { deposits: new Map(), withdrawals: new Map(), transfers: [] }
  const notes = new Map(NOTES.map((n) => [n.key, n]))
  let first: bigint | null = null
  for (const action of SCHEDULE) {
    await test.setNextBlockTimestamp({ timestamp: start + BigInt(action.at) })
    const block = await playAction(world, action, pools, notes, receipts)
    first ??= block
  }
  const poolList: MixerLegPool[] = (['mixer100', 'mixer10', 'mixer1'] as const).map((key) => ({
    key,
    address: pools.get(key)!,
    denomination: POOL_DENOMINATIONS[key],
    name: POOL_NAMES[key],
  }))
  const last = world.transactions.at(-1)!.blockNumber
  return await recordMixerLeg(world, { from: first!, to: last }, poolList, receipts)
}

async function playAction(
  world: World,
  action: LegAction,
  pools: Map<PoolKey, Address>,
  notes: Map<string, NoteSpec>,
  receipts: LegReceipts,
): Promise<bigint> {
  if (action.kind === 'deploy') {
    const deployed = await deployContract(
      world.clients.deployer,
      loadArtifact('Mixer'),
      [POOL_DENOMINATIONS[action.pool]],
      ZERO_FEES,
    )
    pools.set(action.pool, lower(deployed.address))
    world.transactions.push({
      ...step('mixer-leg', `deploy ${POOL_NAMES[action.pool]} at ${lower(deployed.address)}`),
      hash: deployed.hash,
      blockNumber: deployed.blockNumber,
      from: addressOf(world, 'deployer'),
      to: null,
    })
    return deployed.blockNumber
  }
  if (action.kind === 'transfer') {
    const to = addressOf(world, action.to)
    const value =
      action.amount === 'all'
        ? await world.clients.deployer.getBalance({ address: addressOf(world, action.from) })
        : action.amount
    const receipt = await sendTx(world, action.from, { to, value }, step('mixer-leg', action.note))
    receipts.transfers.push({ receipt, amount: value })
    return receipt.blockNumber
  }
  const note = notes.get(action.note)
  if (!note) throw new DragnetError('INTERNAL', `the mixer leg has no note ${action.note}`)
  const pool = pools.get(note.pool)!
  const receipt =
    action.kind === 'deposit' ? await deposit(world, note, pool) : await withdraw(world, note, pool, action.note)
  ;(action.kind === 'deposit' ? receipts.deposits : receipts.withdrawals).set(note.key, receipt)
  return receipt.blockNumber
}

async function deposit(world: World, note: NoteSpec, pool: Address): Promise<TransactionReceipt> {
  const data = encodeFunctionData({ abi: MIXER_ABI, functionName: 'deposit', args: [noteSecrets(note.key).commitment] })
  const log = step('mixer-leg', `${note.depositor} deposits note ${note.key} in the ${POOL_NAMES[note.pool]}`)
  const value = POOL_DENOMINATIONS[note.pool]
  return await sendTx(world, note.depositor, { to: pool, data, value }, log, note.depositFees ?? ZERO_FEES)
}

async function withdraw(world: World, note: NoteSpec, pool: Address, key: string): Promise<TransactionReceipt> {
  const { nullifierHash } = noteSecrets(key)
  const recipient = addressOf(world, note.recipient)
  const log = step(
    'mixer-leg',
    `note ${key} withdrawn to ${note.recipient}${note.relayer ? ` by ${note.relayer}` : ''}`,
  )
  if (!note.relayer) {
    const data = encodeFunctionData({ abi: MIXER_ABI, functionName: 'withdraw', args: [nullifierHash, recipient] })
    return await sendTx(world, note.recipient, { to: pool, data }, log, note.withdrawFees ?? ZERO_FEES)
  }
  const relayer = addressOf(world, note.relayer)
  const fee = relayerFee(POOL_DENOMINATIONS[note.pool])
  const data = encodeFunctionData({
    abi: MIXER_ABI,
    functionName: 'withdrawRelayed',
    args: [nullifierHash, recipient, relayer, fee],
  })
  return await sendTx(world, note.relayer, { to: pool, data }, log)
}

/** The leg's pools and accounts, for the manifest's entities; the pools labelled as mixers by denomination. */
export function mixerLegEntities(world: World, leg: MixerLegTruth): ManifestEntity[] {
  const pools = leg.pools
    .filter((p) => p.key !== 'mixer100')
    .map(
      (p): ManifestEntity => ({
        key: p.key,
        address: p.address,
        kind: 'contract',
        role: 'mixer',
        name: p.name,
        label: { category: 'mixer', name: p.name, entity: 'Demo Mixer' },
      }),
    )
  const accounts = (Object.keys(MIXER_ACTORS) as MixerActorKey[]).map(
    (key): ManifestEntity => ({
      key,
      address: addressOf(world, key),
      kind: 'account',
      role: MIXER_ACTORS[key].role,
      name: MIXER_ACTORS[key].name,
      label: MIXER_ACTORS[key].label,
      mnemonicIndex: MIXER_ACTORS[key].index,
    }),
  )
  return [...pools, ...accounts]
}
