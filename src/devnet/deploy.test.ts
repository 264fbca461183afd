import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type Address, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { type Anvil, DEFAULT_MNEMONIC, startAnvil } from './anvil.ts'
import { loadArtifact } from './artifact.ts'
import { deployContract } from './deploy.ts'
import { confirm, createDevnetClient, type DevnetClient, devnetChain } from './devnet-client.ts'

describe('TestToken and Forwarder on anvil', () => {
  let anvil: Anvil
  let owner: DevnetClient
  let other: DevnetClient
  const token = loadArtifact('TestToken')
  const forwarder = loadArtifact('Forwarder')
  const a = '0x00000000000000000000000000000000000000a1' as Address
  const b = '0x00000000000000000000000000000000000000b2' as Address

  before(async () => {
    anvil = await startAnvil()
    const chain = devnetChain(31337, anvil.rpcUrl)
    owner = createDevnetClient(anvil.rpcUrl, mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: 0 }), chain)
    other = createDevnetClient(anvil.rpcUrl, mnemonicToAccount(DEFAULT_MNEMONIC, { addressIndex: 1 }), chain)
  })
  after(async () => {
    await anvil.stop()
  })

  it('deploys to the deterministic address and mints, transfers and refuses overdrafts', async () => {
    const tst = await deployContract(owner, token, ['Test Token', 'TST', 6])
    assert.equal(tst.address, '0x5FbDB2315678afecb367f032d93F642f64180aa3')
    assert.equal(tst.blockNumber, 1n)
    const read = (functionName: string, args: readonly unknown[] = []) =>
      owner.readContract({ address: tst.address, abi: token.abi, functionName, args })
    assert.equal(await read('decimals'), 6)
    assert.equal(await read('symbol'), 'TST')
    await confirm(
      owner,
      await owner.writeContract({ address: tst.address, abi: token.abi, functionName: 'mint', args: [a, 500n] }),
      'mint',
    )
    assert.equal(await read('balanceOf', [a]), 500n)
    assert.equal(await read('totalSupply'), 500n)
    await assert.rejects(
      other.writeContract({ address: tst.address, abi: token.abi, functionName: 'mint', args: [b, 1n] }),
      /TestToken: not owner/,
    )
    await assert.rejects(
      other.writeContract({ address: tst.address, abi: token.abi, functionName: 'transfer', args: [a, 1n] }),
      /TestToken: insufficient balance/,
    )
  })

  it('forwards, splits, and undoes the inner transfer of forwardThenRevert', async () => {
    const fw = await deployContract(owner, forwarder)
    const write = async (functionName: string, args: readonly unknown[], value: bigint) =>
      confirm(
        other,
        await other.writeContract({ address: fw.address, abi: forwarder.abi, functionName, args, value }),
        functionName,
      )
    await write('forward', [a], parseEther('1'))
    await write('split', [a, b], 3n)
    assert.equal(await owner.getBalance({ address: a }), parseEther('1') + 1n)
    assert.equal(await owner.getBalance({ address: b }), 2n)
    const receipt = await write('forwardThenRevert', [b], parseEther('5'))
    assert.equal(receipt.status, 'success')
    assert.equal(await owner.getBalance({ address: b }), 2n)
    assert.equal(await owner.getBalance({ address: fw.address }), 0n)
    await assert.rejects(write('sendAndRevert', [b], 1n), /Forwarder: only self/)
  })
})
