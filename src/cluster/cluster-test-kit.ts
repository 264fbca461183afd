import type { BtcTransaction } from '../core/btc-types.ts'

/** An input or output: address, satoshi, script type (witness_v0_keyhash by default; `nulldata` has no address). */
export type Coin = [address: string, value: bigint, type?: string]

let n = 0

/** A transaction spending `ins` (outside coins of the given address and value) into `outs`. */
export function tx(ins: Coin[], outs: Coin[], name = `tx${n++}`): BtcTransaction {
  const hash = Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)
  const inputValue = ins.reduce((s, [, v]) => s + v, 0n)
  const outputValue = outs.reduce((s, [, v]) => s + v, 0n)
  return {
    hash,
    size: 200,
    virtualSize: 150,
    version: 2,
    lockTime: 0n,
    blockNumber: 800_000n,
    blockHash: '00'.repeat(32),
    blockTimestamp: 1_700_000_000n,
    isCoinbase: ins.length === 0,
    index: 1,
    inputs: ins.map(([address, value, type], index) => ({
      index,
      spentTransactionHash: `${index.toString(16).padStart(2, '0')}${hash.slice(2)}`,
      spentOutputIndex: index,
      scriptAsm: '',
      scriptHex: '',
      sequence: 0xffffffffn,
      requiredSignatures: 1,
      type: type ?? 'witness_v0_keyhash',
      addresses: [address],
      value,
    })),
    outputs: outs.map(([address, value, type], index) => ({
      index,
      scriptAsm: type === 'nulldata' ? 'OP_RETURN 00' : '',
      scriptHex: '',
      requiredSignatures: type === 'nulldata' ? null : 1,
      type: type ?? 'witness_v0_keyhash',
      addresses: type === 'nulldata' ? [] : [address],
      value,
    })),
    inputValue,
    outputValue,
    fee: inputValue - outputValue,
  }
}

/** n coins named prefix0.. of one value and type. */
export const coins = (prefix: string, count: number, value: bigint, type?: string): Coin[] =>
  Array.from({ length: count }, (_, i) => [`${prefix}${i}`, value, type] as Coin)
