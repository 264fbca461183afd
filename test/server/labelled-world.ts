import { type Address, encodeFunctionData, type Hex, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { DEFAULT_MNEMONIC } from '../../src/devnet/anvil.ts'
import { loadArtifact } from '../../src/devnet/artifact.ts'
import { deployContract } from '../../src/devnet/deploy.ts'
import { createDevnetClient, devnetChain } from '../../src/devnet/devnet-client.ts'

/** Addresses the shipped label pack lists on ethereum: an OFAC SDN entry and an exchange (etherscan). */
export const LAZARUS = '0x098b716b8aaf21512996dc57eb0615e2383e2f96'
export const KUCOIN = '0x689c56aef474df92d44a1b70850f808488f9769c'

const account = (i: number) => mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: i })
/** Beyond anvil's ten prefunded accounts: every wei it holds is traced. */
const thief = account(20)
export const THIEF = thief.address.toLowerCase()
export const HOLDER = account(21).address.toLowerCase()

export interface LabelledWorld {
  token: string
  lastBlock: bigint
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await res.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}

/**
 * On anvil, with addresses the label pack names: Lazarus (impersonated) sends the thief 10 ETH and 1,000 TST;
 * the thief sends 6 ETH to a KuCoin wallet, 3 ETH and 250 TST to a holder. The thief keeps 1 ETH (less gas, which
 * is no transfer) and 750 TST.
 */
export async function playLabelledWorld(url: string): Promise<LabelledWorld> {
  const chain = devnetChain(31337, url)
  const alice = createDevnetClient(url, account(0), chain)
  const thiefWallet = createDevnetClient(url, thief, chain)
  const wait = async (hash: Hex) => {
    const r = await alice.waitForTransactionReceipt({ hash, pollingInterval: 5 })
    if (r.status !== 'success') throw new Error(`transaction ${hash} failed`)
    return r.blockNumber
  }
  const tokenAbi = loadArtifact('TestToken').abi
  const token = await deployContract(alice, loadArtifact('TestToken'), ['Test Token', 'TST', 18])
  const transfer = (to: string, amount: bigint) =>
    encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [to as Address, amount] })
  await rpc(url, 'anvil_setBalance', [LAZARUS, `0x${parseEther('100').toString(16)}`])
  await rpc(url, 'anvil_impersonateAccount', [LAZARUS])
  await wait(
    await alice.sendTransaction({
      to: token.address,
      data: encodeFunctionData({ abi: tokenAbi, functionName: 'mint', args: [LAZARUS, parseEther('1000')] }),
    }),
  )
  const fromLazarus = async (tx: { to: string; value?: bigint; data?: Hex }) =>
    await wait(
      (await rpc(url, 'eth_sendTransaction', [
        {
          from: LAZARUS,
          to: tx.to,
          ...(tx.value ? { value: `0x${tx.value.toString(16)}` } : {}),
          ...(tx.data ? { data: tx.data } : {}),
        },
      ])) as Hex,
    )
  await fromLazarus({ to: THIEF, value: parseEther('10') })
  await fromLazarus({ to: token.address, data: transfer(THIEF, parseEther('1000')) })
  await wait(await thiefWallet.sendTransaction({ to: KUCOIN as Address, value: parseEther('6') }))
  await wait(await thiefWallet.sendTransaction({ to: HOLDER as Address, value: parseEther('3') }))
  const last = await wait(
    await thiefWallet.sendTransaction({ to: token.address, data: transfer(HOLDER, parseEther('250')) }),
  )
  return { token: token.address.toLowerCase(), lastBlock: last }
}
