import { DragnetError } from '../../core/errors.ts'
import type { Address } from '../../core/hex.ts'
import { ACTORS, type ActorKey } from './actors.ts'
import { impliedDeltas, verifyAgainstChain } from './ground-truth.ts'
import type { HeistLedger } from './heist-ledger.ts'
import {
  type HeistManifest,
  type Label,
  type ManifestEntity,
  type ModelTruth,
  WORLD_MODELS,
  type WorldModel,
} from './manifest.ts'
import { mixerLegDeltas } from './mixer-leg-truth.ts'
import { modelTruth } from './model-truth.ts'
import { AMOUNTS } from './scenario.ts'
import { addressOf, type ContractKey, type World } from './world-driver.ts'

const DEX = 'Uniswap V2-style DEX'

/**
 * Honest addresses next to the laundering that no model may taint: the later pool user, the mixer's withdrawal
 * address after the stolen deposits, Harbor's customer paid from the hot wallet, the clean funder of the mixing
 * wallet (upstream of it), and the honest customer's deposit address.
 */
const UNTAINTED: ActorKey[] = ['poolUser', 'mixerRecipient2', 'customer', 'cleanFunder', 'depositCustomer']

/** Labels of the world's contracts, as a label registry would hold them; the Forwarder is unlabelled. */
const CONTRACT_SPECS: Record<ContractKey, { name: string; role: string; label: Label | null }> = {
  usdx: {
    name: 'USDX stablecoin',
    role: 'stablecoin',
    label: { category: 'stablecoin', name: 'USDX (freezable)', entity: 'USDX issuer' },
  },
  weth: { name: 'WETH9', role: 'wrapped-native', label: { category: 'wrapped-native', name: 'WETH', entity: 'WETH' } },
  pair: { name: 'USDX/WETH pair', role: 'dex', label: { category: 'dex', name: 'USDX/WETH pair', entity: DEX } },
  router: { name: 'Swap router', role: 'dex', label: { category: 'dex', name: 'Swap router', entity: DEX } },
  bridge: { name: 'Bridge', role: 'bridge', label: { category: 'bridge', name: 'Bridge', entity: 'Demo Bridge' } },
  mixer: {
    name: 'Mixer (100 ETH pool)',
    role: 'mixer',
    label: { category: 'mixer', name: 'Mixer (100 ETH pool)', entity: 'Demo Mixer' },
  },
  forwarder: { name: 'Forwarder', role: 'contract', label: null },
}

/** Every contract and account of the world with its role and label. */
export function listEntities(world: World): ManifestEntity[] {
  const contracts = (Object.keys(CONTRACT_SPECS) as ContractKey[]).map(
    (key): ManifestEntity => ({ key, address: world.contracts[key].address, kind: 'contract', ...CONTRACT_SPECS[key] }),
  )
  const actors = (Object.keys(ACTORS) as ActorKey[]).map(
    (key): ManifestEntity => ({
      key,
      address: addressOf(world, key),
      kind: 'account',
      role: ACTORS[key].role,
      name: ACTORS[key].name,
      label: ACTORS[key].label,
      mnemonicIndex: ACTORS[key].index,
    }),
  )
  return [...contracts, ...actors]
}

/** Checks the ledger against the chain and assembles the manifest. */
export async function buildManifest(
  world: World,
  ledger: HeistLedger,
  extra: readonly ManifestEntity[] = [],
): Promise<HeistManifest> {
  const usdx = world.contracts.usdx.address
  const stolen = [
    { asset: 'native' as const, amount: AMOUNTS.victimEth },
    { asset: usdx, amount: AMOUNTS.victimUsdx },
  ]
  const entities = [...listEntities(world), ...extra]
  const setup = world.transactions.filter((t) => t.phase === 'setup')
  const heist = world.transactions.filter((t) => t.phase === 'heist')
  const heistBlocks = { from: heist[0]!.blockNumber, to: heist.at(-1)!.blockNumber }
  const mixing = ledger.mixing
  if (!mixing) throw new DragnetError('INTERNAL', 'the heist was built without its mixing wallet')
  const implied = impliedDeltas(
    addressOf(world, 'victim'),
    stolen,
    ledger.endpoints,
    ledger.conversions,
    mixing,
    ledger.clean,
    ledger.mixerLeg ? mixerLegDeltas(ledger.mixerLeg) : [],
  )
  await verifyAgainstChain(
    world,
    entities.map((e) => e.address),
    implied,
    { before: heistBlocks.from - 1n, after: heistBlocks.to },
  )
  const client = world.clients.deployer
  const [first, last] = await Promise.all([
    client.getBlock({ blockNumber: heistBlocks.from }),
    client.getBlock({ blockNumber: heistBlocks.to }),
  ])
  const attacker: Address = addressOf(world, 'attacker')
  const assets = [
    { asset: 'native' as const, symbol: 'ETH', decimals: 18 },
    { asset: usdx, symbol: 'USDX', decimals: 6 },
    { asset: world.contracts.weth.address, symbol: 'WETH', decimals: 18 },
  ]
  const truthInput = {
    stolen,
    shared: ledger.endpoints,
    mixing,
    conversions: ledger.conversions,
    freezableStablecoin: usdx,
    assets: assets.map((a) => a.asset),
    poisonReturns: ledger.mixerLeg?.poisonReturns ?? [],
  }
  const models = Object.fromEntries(WORLD_MODELS.map((m) => [m, modelTruth(m, truthInput)])) as Record<
    WorldModel,
    ModelTruth
  >
  return {
    version: 1,
    chainId: world.chainId,
    genesisTime: world.genesisTime,
    setupBlocks: { from: setup[0]!.blockNumber, to: setup.at(-1)!.blockNumber },
    heistBlocks,
    heistTime: { from: first.timestamp, to: last.timestamp },
    assets,
    entities,
    seeds: { transactions: ledger.seedTransactions, addresses: [attacker] },
    stolen,
    transactions: world.transactions,
    expected: {
      endpoints: ledger.endpoints,
      conversions: ledger.conversions,
      mixing,
      clean: ledger.clean,
      untainted: UNTAINTED.map((key) => ({ key, address: addressOf(world, key), name: ACTORS[key].name })),
      models,
    },
    ...(ledger.mixerLeg ? { mixerLeg: ledger.mixerLeg } : {}),
  }
}
