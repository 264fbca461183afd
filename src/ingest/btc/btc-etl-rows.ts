import type { BtcBlock, BtcInput, BtcOutput, BtcTransaction } from '../../core/btc-types.ts'
import { DragnetError } from '../../core/errors.ts'
import { NUMBER_MARK } from '../../sources/etl-files/json-numbers.ts'

type Obj = Record<string, unknown>

/** Reads bitcoin-etl JSON objects (parsed by parseJsonExact: numbers as marked digit strings) into Dragnet's types. */
class Reader {
  constructor(
    private readonly file: string,
    private readonly line: number,
  ) {}

  fail(field: string, why: string): DragnetError {
    return new DragnetError('ETL_MALFORMED', `${this.file} line ${this.line}: ${field} ${why}`, {
      details: { file: this.file, line: this.line, column: field, value: null },
    })
  }

  bigOrNull(o: Obj, k: string): bigint | null {
    const v = o[k]
    if (v === null || v === undefined) return null
    if (typeof v === 'string' && v.startsWith(NUMBER_MARK) && /^-?\d+$/.test(v.slice(1))) return BigInt(v.slice(1))
    throw this.fail(k, 'is not an integer')
  }

  big(o: Obj, k: string): bigint {
    const v = this.bigOrNull(o, k)
    if (v === null) throw this.fail(k, 'is missing')
    return v
  }

  num(o: Obj, k: string): number {
    return Number(this.big(o, k))
  }

  numOrNull(o: Obj, k: string): number | null {
    const v = this.bigOrNull(o, k)
    return v === null ? null : Number(v)
  }

  str(o: Obj, k: string): string {
    const v = o[k]
    if (typeof v !== 'string' || v.startsWith(NUMBER_MARK)) throw this.fail(k, 'is not a string')
    return v
  }

  strOrNull(o: Obj, k: string): string | null {
    return o[k] === null || o[k] === undefined ? null : this.str(o, k)
  }

  list(o: Obj, k: string): Obj[] {
    const v = o[k] ?? []
    if (!Array.isArray(v)) throw this.fail(k, 'is not a list')
    return v as Obj[]
  }

  addresses(o: Obj): string[] {
    const v = o.addresses ?? []
    if (!Array.isArray(v) || v.some((a) => typeof a !== 'string')) throw this.fail('addresses', 'is not a list of text')
    return v as string[]
  }
}

/** A line of bitcoin-etl's blocks.json. */
export function blockFromEtl(o: Obj, file: string, line: number): BtcBlock {
  const r = new Reader(file, line)
  return {
    hash: r.str(o, 'hash'),
    size: r.num(o, 'size'),
    strippedSize: r.numOrNull(o, 'stripped_size') ?? r.num(o, 'size'),
    weight: r.numOrNull(o, 'weight') ?? r.num(o, 'size') * 4,
    number: r.big(o, 'number'),
    version: r.num(o, 'version'),
    merkleRoot: r.str(o, 'merkle_root'),
    timestamp: r.big(o, 'timestamp'),
    nonce: r.str(o, 'nonce'),
    bits: r.str(o, 'bits'),
    coinbaseParam: r.strOrNull(o, 'coinbase_param'),
    transactionCount: r.num(o, 'transaction_count'),
    previousHash: r.strOrNull(o, 'previous_block_hash'),
  }
}

/**
 * A line of bitcoin-etl's transactions.json. Its input_value and fee are not read: bitcoin-etl counts an
 * unknown input as 0, Dragnet recomputes them from the inputs (null while one is unknown).
 */
export function transactionFromEtl(o: Obj, file: string, line: number, position: number): BtcTransaction {
  const r = new Reader(file, line)
  const inputs: BtcInput[] = r.list(o, 'inputs').map((i) => ({
    index: r.num(i, 'index'),
    spentTransactionHash: r.str(i, 'spent_transaction_hash'),
    spentOutputIndex: r.num(i, 'spent_output_index'),
    scriptAsm: r.strOrNull(i, 'script_asm') ?? '',
    scriptHex: r.strOrNull(i, 'script_hex') ?? '',
    sequence: r.big(i, 'sequence'),
    requiredSignatures: r.numOrNull(i, 'required_signatures'),
    type: r.strOrNull(i, 'type'),
    addresses: r.addresses(i),
    value: r.bigOrNull(i, 'value'),
  }))
  const outputs: BtcOutput[] = r.list(o, 'outputs').map((x) => ({
    index: r.num(x, 'index'),
    scriptAsm: r.strOrNull(x, 'script_asm') ?? '',
    scriptHex: r.strOrNull(x, 'script_hex') ?? '',
    requiredSignatures: r.numOrNull(x, 'required_signatures'),
    type: r.str(x, 'type'),
    addresses: r.addresses(x),
    value: r.big(x, 'value'),
  }))
  const isCoinbase = o.is_coinbase === true
  return {
    hash: r.str(o, 'hash'),
    size: r.num(o, 'size'),
    virtualSize: r.numOrNull(o, 'virtual_size') ?? r.num(o, 'size'),
    version: r.num(o, 'version'),
    lockTime: r.big(o, 'lock_time'),
    blockNumber: r.big(o, 'block_number'),
    blockHash: r.str(o, 'block_hash'),
    blockTimestamp: r.big(o, 'block_timestamp'),
    isCoinbase,
    index: r.numOrNull(o, 'index') ?? position,
    inputs,
    outputs,
    inputValue: isCoinbase ? 0n : null,
    outputValue: outputs.reduce((s, x) => s + x.value, 0n),
    fee: isCoinbase ? 0n : null,
  }
}

/** Which bitcoin-etl table a JSON object is a line of, from its `type` or, without one, its fields. */
export function btcEtlKind(o: Obj): 'block' | 'transaction' | undefined {
  if ('inputs' in o && 'outputs' in o && (o.type === undefined || o.type === 'transaction')) return 'transaction'
  if ('merkle_root' in o && 'coinbase_param' in o && !('parent_hash' in o)) {
    if (o.type === undefined || o.type === 'block') return 'block'
  }
  return undefined
}
