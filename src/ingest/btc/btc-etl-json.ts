import type { BtcBlock, BtcInput, BtcOutput, BtcTransaction } from '../../core/btc-types.ts'

/**
 * One value as bitcoin-etl's JSON exporter writes it (Python's json.dumps: `", "` and `": "` separators),
 * integers bare and exact.
 */
function v(x: string | number | bigint | boolean | null | readonly string[]): string {
  if (x === null) return 'null'
  if (typeof x === 'bigint' || typeof x === 'number' || typeof x === 'boolean') return String(x)
  if (typeof x === 'string') return JSON.stringify(x)
  return `[${x.map((s) => JSON.stringify(s)).join(', ')}]`
}

function obj(pairs: [string, string][]): string {
  return `{${pairs.map(([k, s]) => `"${k}": ${s}`).join(', ')}}`
}

/** A block as bitcoin-etl's stream writes it to blocks.json, `type` and `item_id` included. */
export function blockJson(b: BtcBlock): string {
  return obj([
    ['type', v('block')],
    ['hash', v(b.hash)],
    ['size', v(b.size)],
    ['stripped_size', v(b.strippedSize)],
    ['weight', v(b.weight)],
    ['number', v(b.number)],
    ['version', v(b.version)],
    ['merkle_root', v(b.merkleRoot)],
    ['timestamp', v(b.timestamp)],
    ['nonce', v(b.nonce)],
    ['bits', v(b.bits)],
    ['coinbase_param', v(b.coinbaseParam)],
    ['transaction_count', v(b.transactionCount)],
    ['item_id', v(`block_${b.hash}`)],
  ])
}

function inputJson(i: BtcInput): string {
  return obj([
    ['index', v(i.index)],
    ['spent_transaction_hash', v(i.spentTransactionHash)],
    ['spent_output_index', v(i.spentOutputIndex)],
    ['script_asm', v(i.scriptAsm)],
    ['script_hex', v(i.scriptHex)],
    ['sequence', v(i.sequence)],
    ['required_signatures', v(i.requiredSignatures)],
    ['type', v(i.type)],
    ['addresses', v(i.addresses)],
    ['value', v(i.value)],
  ])
}

function outputJson(o: BtcOutput): string {
  return obj([
    ['index', v(o.index)],
    ['script_asm', v(o.scriptAsm)],
    ['script_hex', v(o.scriptHex)],
    ['required_signatures', v(o.requiredSignatures)],
    ['type', v(o.type)],
    ['addresses', v(o.addresses)],
    ['value', v(o.value)],
  ])
}

/**
 * A transaction as bitcoin-etl writes it to transactions.json, inputs and outputs nested. Its input_value
 * and fee are bitcoin-etl's arithmetic: the sum of the input values known (0 when none is) and that sum less
 * the outputs, so an input whose spent output is unknown yields the same (negative) fee bitcoin-etl writes.
 * Dragnet's store keeps null for them instead.
 */
export function transactionJson(t: BtcTransaction): string {
  let known = 0n
  for (const i of t.inputs) known += i.value ?? 0n
  const fee = t.isCoinbase ? 0n : known - t.outputValue
  return obj([
    ['type', v('transaction')],
    ['hash', v(t.hash)],
    ['size', v(t.size)],
    ['virtual_size', v(t.virtualSize)],
    ['version', v(t.version)],
    ['lock_time', v(t.lockTime)],
    ['block_number', v(t.blockNumber)],
    ['block_hash', v(t.blockHash)],
    ['block_timestamp', v(t.blockTimestamp)],
    ['is_coinbase', v(t.isCoinbase)],
    ['index', v(t.index)],
    ['inputs', `[${t.inputs.map(inputJson).join(', ')}]`],
    ['outputs', `[${t.outputs.map(outputJson).join(', ')}]`],
    ['input_count', v(t.inputs.length)],
    ['output_count', v(t.outputs.length)],
    ['input_value', v(known)],
    ['output_value', v(t.outputValue)],
    ['fee', v(fee)],
    ['item_id', v(`transaction_${t.hash}`)],
  ])
}
