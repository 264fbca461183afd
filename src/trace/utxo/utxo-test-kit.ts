import type { BtcInput, BtcOutput, BtcTransaction } from '../../core/btc-types.ts'

/** A 64-hex txid from a short name, so tests can speak of transactions by name. */
export const txid = (name: string): string => Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)

/** An input spending an output of a transaction in the chain, or an outside one (`ext`, clean unless seeded). */
export type InSpec = [tx: string, vout: number] | { ext: string; value: bigint; type?: string }
/** An output: address, satoshi, and script type (witness_v0_keyhash by default). */
export type OutSpec = [address: string, value: bigint, type?: string]

/** Builds valid transactions in order, inputs taking the value and address of the outputs they spend. */
export class TxChain {
  readonly txs: BtcTransaction[] = []
  private readonly outs = new Map<string, BtcOutput[]>()
  private block = 100n

  /** Adds a transaction named `name` in the next block (or in `block`). */
  tx(name: string, ins: InSpec[], outs: OutSpec[], block?: bigint): BtcTransaction {
    const hash = txid(name)
    this.block = block ?? this.block + 1n
    const inputs: BtcInput[] = ins.map((spec, index) => {
      if (!Array.isArray(spec)) return input(index, txid(`ext-${name}-${index}`), 0, spec.ext, spec.value, spec.type)
      const [from, vout] = spec
      const o = this.outs.get(txid(from))?.[vout]
      if (!o) throw new Error(`no output ${from}:${vout}`)
      return input(index, txid(from), vout, o.addresses[0] as string, o.value, o.type)
    })
    const outputs: BtcOutput[] = outs.map(([address, value, type], index) => ({
      index,
      scriptAsm: '',
      scriptHex: '',
      requiredSignatures: 1,
      type: type ?? 'witness_v0_keyhash',
      addresses: type === 'nulldata' ? [] : [address],
      value,
    }))
    const inputValue = inputs.reduce((s, i) => s + (i.value as bigint), 0n)
    const outputValue = outputs.reduce((s, o) => s + o.value, 0n)
    if (inputs.length > 0 && outputValue > inputValue) throw new Error(`${name} pays more than it spends`)
    const tx: BtcTransaction = {
      hash,
      size: 200,
      virtualSize: 150,
      version: 2,
      lockTime: 0n,
      blockNumber: this.block,
      blockHash: txid(`block-${this.block}`),
      blockTimestamp: 1_700_000_000n + this.block * 600n,
      isCoinbase: inputs.length === 0,
      index: this.txs.length,
      inputs,
      outputs,
      inputValue: inputs.length === 0 ? 0n : inputValue,
      outputValue,
      fee: inputs.length === 0 ? 0n : inputValue - outputValue,
    }
    this.outs.set(hash, outputs)
    this.txs.push(tx)
    return tx
  }
}

function input(index: number, hash: string, vout: number, address: string, value: bigint, type?: string): BtcInput {
  return {
    index,
    spentTransactionHash: hash,
    spentOutputIndex: vout,
    scriptAsm: '',
    scriptHex: '',
    sequence: 0xffffffffn,
    requiredSignatures: 1,
    type: type ?? 'witness_v0_keyhash',
    addresses: [address],
    value,
  }
}
