import { createTestClient, http, keccak256, publicActions, stringToHex } from 'viem'
import { DragnetError } from '../../core/errors.ts'
import { type Anvil, DEFAULT_MNEMONIC, startAnvil } from '../anvil.ts'
import { type ArtifactName, loadArtifact } from '../artifact.ts'
import { deployContract } from '../deploy.ts'
import { createDevnetClient, type DevnetClient, devnetChain } from '../devnet-client.ts'
import { ACTORS, type ActorKey } from './actors.ts'
import { AMOUNTS, WORLD_BLOCK_INTERVAL, WORLD_GENESIS_TIME } from './scenario.ts'
import { deriveAccounts } from './world-accounts.ts'
import { addressOf, type ContractKey, callContract, lower, sendTx, type World, ZERO_FEES } from './world-driver.ts'

/** Starts anvil the way the world needs it: the fixed mnemonic and the fixed genesis time. */
export async function startWorldAnvil(): Promise<Anvil> {
  return await startAnvil({ mnemonic: DEFAULT_MNEMONIC, chainId: 31337, timestamp: WORLD_GENESIS_TIME })
}

/**
 * Deploys the demo world on a fresh anvil started by startWorldAnvil, and plays the honest activity
 * that precedes the heist (liquidity, exchange float, a customer deposit, mixer use).
 */
export async function deployWorld(rpcUrl: string): Promise<World> {
  const world = await connectWorld(rpcUrl)
  await prepareChain(world)
  await deployContracts(world)
  await seedLiquidity(world)
  await fundParticipants(world)
  await playHonestActivity(world)
  return world
}

async function connectWorld(rpcUrl: string): Promise<World> {
  const keys = Object.keys(ACTORS) as ActorKey[]
  const derived = deriveAccounts(
    DEFAULT_MNEMONIC,
    keys.map((k) => ACTORS[k].index),
  )
  const probe = createTestClient({ mode: 'anvil', transport: http(rpcUrl, { retryCount: 0 }) }).extend(publicActions)
  const chainId = await probe.getChainId()
  const chain = devnetChain(chainId, rpcUrl)
  const accounts = {} as World['accounts']
  const clients = {} as Record<ActorKey, DevnetClient>
  for (const key of keys) {
    const account = derived.get(ACTORS[key].index)!
    accounts[key] = account
    clients[key] = createDevnetClient(rpcUrl, account, chain)
  }
  return { rpcUrl, chainId, genesisTime: 0n, accounts, clients, contracts: {} as World['contracts'], transactions: [] }
}

/** Checks the chain is fresh with the fixed genesis time, then sets zero base fees and 12 s blocks. */
async function prepareChain(world: World): Promise<void> {
  const client = world.clients.deployer
  const head = await client.getBlock()
  if (head.number !== 0n || head.timestamp !== BigInt(WORLD_GENESIS_TIME)) {
    throw new DragnetError(
      'INVALID_ARGUMENT',
      `the demo world needs a fresh anvil with genesis time ${WORLD_GENESIS_TIME} (use startWorldAnvil); found block ${head.number} at ${head.timestamp}`,
      { details: { blockNumber: head.number.toString(), timestamp: head.timestamp.toString() } },
    )
  }
  world.genesisTime = head.timestamp
  const test = createTestClient({ mode: 'anvil', transport: http(world.rpcUrl, { retryCount: 0 }) })
  await test.setNextBlockBaseFeePerGas({ baseFeePerGas: 0n })
  await test.setBlockTimestampInterval({ interval: WORLD_BLOCK_INTERVAL })
}

async function deploy(
  world: World,
  actor: ActorKey,
  key: ContractKey,
  name: ArtifactName,
  args: readonly unknown[],
): Promise<void> {
  const artifact = loadArtifact(name)
  const deployed = await deployContract(world.clients[actor], artifact, args, ZERO_FEES)
  world.contracts[key] = { address: lower(deployed.address), abi: artifact.abi }
  world.transactions.push({
    phase: 'setup',
    step: 'deploy',
    hash: deployed.hash,
    blockNumber: deployed.blockNumber,
    from: addressOf(world, actor),
    to: null,
    note: `deploy ${name} at ${lower(deployed.address)}`,
  })
}

async function deployContracts(world: World): Promise<void> {
  await deploy(world, 'issuer', 'usdx', 'Stablecoin', ['USD Example', 'USDX'])
  await deploy(world, 'deployer', 'weth', 'WETH9', [])
  await deploy(world, 'deployer', 'pair', 'UniswapV2Pair', [world.contracts.usdx.address, world.contracts.weth.address])
  await deploy(world, 'deployer', 'router', 'SwapRouter', [])
  await deploy(world, 'deployer', 'bridge', 'Bridge', [])
  await deploy(world, 'deployer', 'mixer', 'Mixer', [AMOUNTS.mixerDenomination])
  await deploy(world, 'deployer', 'forwarder', 'Forwarder', [])
}

async function seedLiquidity(world: World): Promise<void> {
  const log = (note: string) => ({ phase: 'setup' as const, step: 'liquidity', note })
  const lp = addressOf(world, 'liquidityProvider')
  const pair = world.contracts.pair.address
  await callContract(world, 'issuer', 'usdx', 'mint', [lp, AMOUNTS.poolUsdx], log('mint USDX to the LP'))
  await callContract(world, 'liquidityProvider', 'weth', 'deposit', [], log('LP wraps ETH'), AMOUNTS.poolWeth)
  await callContract(world, 'liquidityProvider', 'weth', 'transfer', [pair, AMOUNTS.poolWeth], log('WETH to pair'))
  await callContract(world, 'liquidityProvider', 'usdx', 'transfer', [pair, AMOUNTS.poolUsdx], log('USDX to pair'))
  await callContract(world, 'liquidityProvider', 'pair', 'mint', [lp], log('LP mints pool shares'))
}

async function fundParticipants(world: World): Promise<void> {
  const log = (note: string) => ({ phase: 'setup' as const, step: 'funding', note })
  const victim = addressOf(world, 'victim')
  const hot = addressOf(world, 'hotWallet')
  await sendTx(world, 'deployer', { to: victim, value: AMOUNTS.victimEth }, log('ETH to the Meridian cold wallet'))
  await callContract(world, 'issuer', 'usdx', 'mint', [victim, AMOUNTS.victimUsdx], log('USDX to the cold wallet'))
  await sendTx(world, 'deployer', { to: hot, value: AMOUNTS.hotWalletEth }, log('ETH float of the Harbor hot wallet'))
  await callContract(world, 'issuer', 'usdx', 'mint', [hot, AMOUNTS.hotWalletUsdx], log('USDX float of Harbor'))
}

/** Clean activity at the exchange and the mixer, so that their addresses carry other people's funds too. */
async function playHonestActivity(world: World): Promise<void> {
  const log = (step: string, note: string) => ({ phase: 'setup' as const, step, note })
  const depositAddress = addressOf(world, 'depositCustomer')
  const amount = AMOUNTS.customerDeposit
  await sendTx(world, 'customer', { to: depositAddress, value: amount }, log('customer', 'customer deposits at Harbor'))
  await sendTx(
    world,
    'depositCustomer',
    { to: addressOf(world, 'hotWallet'), value: amount },
    log('sweep', 'Harbor sweeps the customer deposit'),
  )
  for (const i of [0, 1]) {
    const commitment = keccak256(stringToHex(`customer-note-${i}`))
    await callContract(
      world,
      'customer',
      'mixer',
      'deposit',
      [commitment],
      log('customer', `customer mixer deposit ${i}`),
      AMOUNTS.mixerDenomination,
    )
  }
  const recipient = addressOf(world, 'mixerRecipient')
  await callContract(
    world,
    'mixerRecipient',
    'mixer',
    'withdraw',
    [keccak256(stringToHex('customer-nullifier-0')), recipient],
    log('customer', 'customer withdraws one note to a fresh address'),
  )
}
