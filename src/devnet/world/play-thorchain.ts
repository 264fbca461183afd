import { encodeFunctionData } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { DragnetError } from '../../core/errors.ts'
import type { Address, Hex } from '../../core/hex.ts'
import { DEFAULT_MNEMONIC } from '../anvil.ts'
import { loadArtifact } from '../artifact.ts'
import { deployContract } from '../deploy.ts'
import { endpoint, type HeistLedger, step } from './heist-ledger.ts'
import type { ManifestEntity } from './manifest.ts'
import { addressOf, lower, sendTx, type World, ZERO_FEES } from './world-driver.ts'

/** What the THORChain part of the heist needs: where on Bitcoin the swap pays, and how much ETH it swaps. */
export interface ThorchainPlan {
  /** The attacker's Bitcoin address the memo names (the Bitcoin devnet's receiving wallet). */
  btcDestination: string
  /** ETH swapped, from split wallet 5's dormant stolen ETH; 40 ETH by default. */
  amount?: bigint
}

/** The swap as played: the deposit the Bitcoin leg's `OUT:` memo names. */
export interface ThorchainLeg {
  router: Address
  vault: Address
  deposit: Hex
  block: bigint
  amount: bigint
  memo: string
  btcDestination: string
  /** The router and the vault, for the manifest's entities (the router labelled as THORChain's bridge). */
  entities: ManifestEntity[]
}

/** The Asgard vault's derivation index: past the world's actors (0-39), so no actor's balance changes. */
export const THORCHAIN_VAULT_INDEX = 40
const DEFAULT_SWAP = 40n * 10n ** 18n

/**
 * Split wallet 5 swaps part of its dormant stolen ETH to Bitcoin through a THORChain-style router: the router
 * forwards the ETH to the vault and emits THORChain's Deposit with memo `=:b:<btc address>`. The ledger's
 * endpoint for split 5 shrinks by the amount and a bridge endpoint at the router (held by the vault) takes it:
 * split 5 only ever received stolen ETH, so every model agrees.
 */
export async function playThorchainSwap(world: World, ledger: HeistLedger, plan: ThorchainPlan): Promise<ThorchainLeg> {
  const amount = plan.amount ?? DEFAULT_SWAP
  const split5 = addressOf(world, 'split5')
  const held = ledger.endpoints.find((e) => e.category === 'held' && e.address === split5 && e.asset === 'native')
  if (!held || held.amount < amount) {
    throw new DragnetError('INVALID_ARGUMENT', `split wallet 5 holds less than the ${amount} wei to swap`)
  }
  const artifact = loadArtifact('ThorchainRouter')
  const deployed = await deployContract(world.clients.deployer, artifact, [], ZERO_FEES)
  const router = lower(deployed.address)
  const vault = lower(mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: THORCHAIN_VAULT_INDEX }).address)
  const memo = `=:b:${plan.btcDestination}`
  const data = encodeFunctionData({
    abi: artifact.abi,
    functionName: 'deposit',
    args: [vault, '0x0000000000000000000000000000000000000000', 0n, memo],
  })
  const receipt = await sendTx(
    world,
    'split5',
    { to: router, data, value: amount },
    step('thorchain', `swap to ${memo}`),
  )
  held.amount -= amount
  held.origin = { ...held.origin, amount: held.origin.amount - amount }
  endpoint(ledger, {
    category: 'bridge',
    address: router,
    heldBy: vault,
    name: 'THORChain router',
    asset: 'native',
    amount,
    arrivalTx: receipt.transactionHash,
  })
  const label = { category: 'bridge' as const, name: 'THORChain router', entity: 'THORChain' }
  const entities: ManifestEntity[] = [
    { key: 'thorchainRouter', address: router, kind: 'contract', role: 'bridge', name: 'THORChain router', label },
    {
      key: 'thorchainVault',
      address: vault,
      kind: 'account',
      role: 'bridge-vault',
      name: 'THORChain Asgard vault',
      label: null,
      mnemonicIndex: THORCHAIN_VAULT_INDEX,
    },
  ]
  const deposit = receipt.transactionHash
  return {
    router,
    vault,
    deposit,
    block: receipt.blockNumber,
    amount,
    memo,
    btcDestination: plan.btcDestination,
    entities,
  }
}
