import { writeFileSync } from 'node:fs'
import { type Address, encodeFunctionData, type Hex, parseEther } from 'viem'
import { type HDAccount, mnemonicToAccount } from 'viem/accounts'
import { DEFAULT_MNEMONIC } from '../../src/devnet/anvil.ts'
import { loadArtifact } from '../../src/devnet/artifact.ts'
import { deployContract } from '../../src/devnet/deploy.ts'
import { createDevnetClient, devnetChain } from '../../src/devnet/devnet-client.ts'

/** Accounts of the played laundering: anvil's prefunded ones, and fresh ones funded only by the theft. */
export const acct = (i: number): HDAccount => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })
export const VICTIM = acct(1)
export const EXCHANGE = acct(4)
export const ISSUER = acct(9)
/** Never prefunded (anvil funds the first 10): every wei they hold is stolen. */
export const THIEF = acct(21)
export const MULE = acct(22)
/** Gets a little from the mule, so the mule pays more than the exchange (else it would be a deposit address). */
export const BYSTANDER = acct(23)

export const lower = (a: Address | string) => a.toLowerCase()

/** The theft's seeds and the token, once set up. */
export interface Laundering {
  rpcUrl: string
  token: Address
  seedTxs: Hex[]
  /** Block of the first seed transaction. */
  firstBlock: bigint
}

/** A node client sending from `from`, waiting for each transaction to be mined (anvil mines one block per tx). */
export function wallet(rpcUrl: string, from: HDAccount) {
  return createDevnetClient(rpcUrl, from, devnetChain(31337, rpcUrl))
}

export async function rpc<T = unknown>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await res.json()) as { result?: T; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result as T
}

/** Sends ETH and waits until it is mined; the transaction's hash and block. */
export async function pay(rpcUrl: string, from: HDAccount, to: Address, eth: string) {
  const w = wallet(rpcUrl, from)
  const hash = await w.sendTransaction({ to, value: parseEther(eth) })
  const r = await w.waitForTransactionReceipt({ hash, pollingInterval: 5, timeout: 60_000 })
  return { hash, block: r.blockNumber }
}

/** Sends `amount` base units of the token and waits until it is mined. */
export async function payToken(rpcUrl: string, from: HDAccount, token: Address, to: Address, amount: bigint) {
  const w = wallet(rpcUrl, from)
  const data = encodeFunctionData({ abi: loadArtifact('Stablecoin').abi, functionName: 'transfer', args: [to, amount] })
  const hash = await w.sendTransaction({ to: token, data })
  const r = await w.waitForTransactionReceipt({ hash, pollingInterval: 5 })
  return { hash, block: r.blockNumber }
}

/** 1,500,000 USDX in base units (6 decimals). */
export const USDX = 1_500_000n * 10n ** 6n

/**
 * The theft: the issuer deploys USDX and mints 1,500,000 to the victim; the victim is drained of 10 ETH and the
 * 1,500,000 USDX, in one block each (the two seed transactions).
 */
export async function playTheft(rpcUrl: string): Promise<Laundering> {
  const issuer = wallet(rpcUrl, ISSUER)
  const token = (await deployContract(issuer, loadArtifact('Stablecoin'), ['USD X', 'USDX'])).address
  const data = encodeFunctionData({
    abi: loadArtifact('Stablecoin').abi,
    functionName: 'mint',
    args: [VICTIM.address, USDX],
  })
  const mint = await issuer.sendTransaction({ to: token, data })
  await issuer.waitForTransactionReceipt({ hash: mint, pollingInterval: 5 })
  const eth = await pay(rpcUrl, VICTIM, THIEF.address, '10')
  const usdx = await payToken(rpcUrl, VICTIM, token, THIEF.address, USDX)
  return { rpcUrl, token, seedTxs: [eth.hash, usdx.hash], firstBlock: eth.block }
}

/** A labels file: the exchange's wallet, and the token as issuer-freezable. */
export function writeLabels(path: string, token: Address): void {
  writeFileSync(
    path,
    [
      'address,label,category,source',
      `${lower(EXCHANGE.address)},Exchange A,exchange,test`,
      `${lower(token)},USDX,issuer-freezable,test`,
      `${lower(ISSUER.address)},USDX Issuer,issuer,test`,
    ].join('\n'),
  )
}
