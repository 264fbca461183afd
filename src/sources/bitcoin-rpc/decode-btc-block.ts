import type { BtcBlock, BtcInput, BtcOutput, BtcTransaction } from '../../core/btc-types.ts'
import { hash, int, invalid, type Json, obj, optInt, optStr, str } from './bitcoin-json.ts'
import { btcToSatoshi } from './btc-amount.ts'
import { nonstandardAddress } from './nonstandard-address.ts'

export interface DecodedBtcBlock {
  block: BtcBlock
  transactions: BtcTransaction[]
}

/**
 * A `getblock <hash> 2` answer (parsed by parseBitcoinJson) in bitcoin-etl's schema, as its export job maps
 * it: the coinbase input is dropped and its script kept as the block's coinbase_param; outputs without an
 * address get a `nonstandard…` one; inputs carry no value, type or address until enriched from the outputs
 * they spend.
 */
export function decodeBtcBlock(raw: unknown): DecodedBtcBlock {
  const b = obj(raw, 'block')
  const txs = b.tx
  if (!Array.isArray(txs)) throw invalid('block.tx is not a list of transactions (was verbosity 2 asked?)')
  const blockHash = hash(b, 'hash', 'block')
  const number = BigInt(int(b, 'height', 'block'))
  const timestamp = BigInt(int(b, 'time', 'block'))
  const transactions: BtcTransaction[] = []
  let coinbaseParam: string | null = null
  for (let i = 0; i < txs.length; i++) {
    const t = decodeTransaction(obj(txs[i], `block.tx[${i}]`), { hash: blockHash, number, timestamp, index: i })
    if (t.coinbase !== null) coinbaseParam = t.coinbase
    transactions.push(t.transaction)
  }
  const nonce = b.nonce
  const block: BtcBlock = {
    hash: blockHash,
    size: int(b, 'size', 'block'),
    strippedSize: optInt(b, 'strippedsize') ?? int(b, 'size', 'block'),
    weight: optInt(b, 'weight') ?? int(b, 'size', 'block') * 4,
    number,
    version: int(b, 'version', 'block'),
    merkleRoot: str(b, 'merkleroot', 'block'),
    timestamp,
    // Bitcoin and its clones print the nonce as a number, Zcash as hex; bitcoin-etl keeps hex without 0x.
    nonce: typeof nonce === 'number' ? nonce.toString(16) : typeof nonce === 'string' ? nonce : '',
    bits: str(b, 'bits', 'block'),
    coinbaseParam,
    transactionCount: txs.length,
    previousHash: optStr(b, 'previousblockhash'),
  }
  return { block, transactions }
}

interface InBlock {
  hash: string
  number: bigint
  timestamp: bigint
  index: number
}

/** One transaction of a block, or of a `getrawtransaction <txid> true` answer (then `at` is its own block). */
export function decodeTransaction(t: Json, at: InBlock): { transaction: BtcTransaction; coinbase: string | null } {
  const what = `transaction ${typeof t.txid === 'string' ? t.txid : at.index}`
  const vin = t.vin
  const vout = t.vout
  if (!Array.isArray(vin) || !Array.isArray(vout)) throw invalid(`${what} lacks vin or vout`)
  let coinbase: string | null = null
  const inputs: BtcInput[] = []
  for (let i = 0; i < vin.length; i++) {
    const v = obj(vin[i], `${what}.vin[${i}]`)
    if (typeof v.coinbase === 'string') {
      if (coinbase !== null) throw invalid(`${what} has more than one coinbase input`)
      coinbase = v.coinbase
      continue
    }
    inputs.push(decodeInput(v, inputs.length, what))
  }
  const outputs: BtcOutput[] = []
  let outputValue = 0n
  for (let i = 0; i < vout.length; i++) {
    const o = decodeOutput(obj(vout[i], `${what}.vout[${i}]`), what)
    outputValue += o.value
    outputs.push(o)
  }
  const size = int(t, 'size', what)
  const isCoinbase = coinbase !== null
  const transaction: BtcTransaction = {
    hash: hash(t, 'txid', what),
    size,
    virtualSize: optInt(t, 'vsize') ?? size,
    version: int(t, 'version', what),
    lockTime: BigInt(int(t, 'locktime', what)),
    blockNumber: at.number,
    blockHash: at.hash,
    blockTimestamp: at.timestamp,
    isCoinbase,
    index: at.index,
    inputs,
    outputs,
    inputValue: isCoinbase || inputs.length === 0 ? 0n : null,
    outputValue,
    fee: isCoinbase ? 0n : null,
  }
  return { transaction, coinbase }
}

function decodeInput(v: Json, index: number, what: string): BtcInput {
  const sig = v.scriptSig === undefined ? {} : obj(v.scriptSig, `${what}.scriptSig`)
  const seq = v.sequence
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) throw invalid(`${what} input ${index} has no sequence`)
  const input: BtcInput = {
    index,
    spentTransactionHash: hash(v, 'txid', `${what} input ${index}`),
    spentOutputIndex: int(v, 'vout', `${what} input ${index}`),
    scriptAsm: optStr(sig, 'asm') ?? '',
    scriptHex: optStr(sig, 'hex') ?? '',
    sequence: BigInt(seq),
    requiredSignatures: null,
    type: null,
    addresses: [],
    value: null,
  }
  if (Array.isArray(v.txinwitness)) input.witness = v.txinwitness.filter((w): w is string => typeof w === 'string')
  return input
}

function decodeOutput(o: Json, what: string): BtcOutput {
  const index = int(o, 'n', `${what} output`)
  const spk = obj(o.scriptPubKey, `${what} output ${index} scriptPubKey`)
  const value = o.value
  if (typeof value !== 'string') throw invalid(`${what} output ${index} has no amount`, { field: 'value' })
  const scriptHex = optStr(spk, 'hex') ?? ''
  // Bitcoin Core before 22 lists `addresses`; from 22 on one `address` (and no reqSigs).
  let addresses: string[] = []
  if (Array.isArray(spk.addresses) && spk.addresses.length > 0) {
    addresses = spk.addresses.filter((a): a is string => typeof a === 'string')
  } else if (typeof spk.address === 'string') addresses = [spk.address]
  let type = optStr(spk, 'type') ?? 'nonstandard'
  if (addresses.length === 0) {
    type = 'nonstandard'
    addresses = [nonstandardAddress(scriptHex)]
  }
  return {
    index,
    scriptAsm: optStr(spk, 'asm') ?? '',
    scriptHex,
    requiredSignatures: optInt(spk, 'reqSigs'),
    type,
    addresses,
    value: btcToSatoshi(value, `${what} output ${index} value`),
  }
}
