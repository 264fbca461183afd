import { hex } from '@scure/base'
import { DragnetError } from '../../core/errors.ts'
import type { DevBlock } from './block-build.ts'
import { blockJson, difficulty, headerJson, medianTime, prevoutsOf } from './block-json.ts'
import type { BtcDevChain } from './dev-chain.ts'
import type { DevTx } from './dev-tx.ts'
import type { JsonValue } from './json-text.ts'
import { RPC, RpcError } from './rpc-error.ts'
import { positional, requireHash, requireInt, typeError, verbosity } from './rpc-params.ts'
import { type JsonContext, txJson } from './tx-json.ts'
import { addressScript } from './tx-sign.ts'

type Handler = (chain: BtcDevChain, args: JsonValue[], ctx: JsonContext, usage: string) => JsonValue
interface Method {
  params: readonly string[]
  usage: string
  run: Handler
}

function blockByHash(chain: BtcDevChain, hash: string): DevBlock {
  const b = chain.allBlocks.get(hash)
  if (b === undefined) throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Block not found')
  return b
}

function rawTx(chain: BtcDevChain, tx: DevTx, block: DevBlock | null, verbose: number, ctx: JsonContext): JsonValue {
  if (verbose <= 0) return hex.encode(tx.bytes)
  const index = block?.txs.indexOf(tx) ?? -1
  const detailed = verbose >= 2 && block !== null && !tx.isCoinbase
  const j = txJson(tx, ctx, detailed ? { fee: true, prevouts: prevoutsOf(chain, block, index) } : {})
  if (block === null) return j
  j.blockhash = block.hash
  if (!chain.isActive(block)) return { ...j, confirmations: 0 }
  return { ...j, confirmations: chain.height - block.height + 1, time: block.time, blocktime: block.time }
}

function getRawTransaction(chain: BtcDevChain, args: JsonValue[], ctx: JsonContext, usage: string): JsonValue {
  const txid = requireHash(args[0], 'parameter 1', usage)
  const verbose = verbosity(args[1], 0)
  if (chain.blocks[0]?.txs[0]?.txid === txid)
    throw new RpcError(
      RPC.INVALID_ADDRESS_OR_KEY,
      'The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved',
    )
  if (args[2] !== undefined && args[2] !== null) {
    const block = chain.allBlocks.get(requireHash(args[2], 'parameter 3', usage))
    if (block === undefined) throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Block hash not found')
    const tx = block.txs.find((t) => t.txid === txid)
    if (tx === undefined)
      throw new RpcError(
        RPC.INVALID_ADDRESS_OR_KEY,
        'No such transaction found in the provided block. Use gettransaction for wallet transactions.',
      )
    const j = rawTx(chain, tx, block, verbose, ctx)
    return typeof j === 'object' && j !== null && !Array.isArray(j)
      ? { in_active_chain: chain.isActive(block), ...j }
      : j
  }
  const found = chain.findTx(txid)
  if (found === undefined)
    throw new RpcError(
      RPC.INVALID_ADDRESS_OR_KEY,
      'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.',
    )
  return rawTx(chain, found.tx, found.block, verbose, ctx)
}

function sendRawTransaction(chain: BtcDevChain, args: JsonValue[], usage: string): JsonValue {
  const h = args[0]
  if (h === undefined || h === null) throw new RpcError(RPC.MISC_ERROR, usage)
  if (typeof h !== 'string') throw typeError(h, 'string')
  let bytes: Uint8Array
  try {
    bytes = hex.decode(h)
  } catch {
    throw new RpcError(RPC.DESERIALIZATION_ERROR, 'TX decode failed. Make sure the tx has at least one input.')
  }
  try {
    return chain.submit(bytes).txid
  } catch (e) {
    if (e instanceof DragnetError && e.code === 'CHAIN_INCONSISTENT')
      throw new RpcError(RPC.VERIFY_ERROR, 'bad-txns-inputs-missingorspent')
    if (e instanceof DragnetError) throw new RpcError(RPC.VERIFY_REJECTED, e.message)
    throw new RpcError(RPC.DESERIALIZATION_ERROR, 'TX decode failed. Make sure the tx has at least one input.')
  }
}

/** The Bitcoin Core RPC methods a devnet answers, with Core's parameter names and usage lines. */
export const METHODS: Record<string, Method> = {
  getblockcount: { params: [], usage: 'getblockcount\n', run: (c) => c.height },
  getbestblockhash: { params: [], usage: 'getbestblockhash\n', run: (c) => c.tip.hash },
  getblockhash: {
    params: ['height'],
    usage: 'getblockhash height\n',
    run: (c, a, _ctx, usage) => {
      const h = requireInt(a[0], usage)
      const b = c.blocks[h]
      if (h < 0 || b === undefined) throw new RpcError(RPC.INVALID_PARAMETER, 'Block height out of range')
      return b.hash
    },
  },
  getblock: {
    params: ['blockhash', 'verbosity'],
    usage: 'getblock "blockhash" ( verbosity )\n',
    run: (c, a, ctx, usage) => {
      const b = blockByHash(c, requireHash(a[0], 'blockhash', usage))
      const v = verbosity(a[1], 1)
      if (v <= 0) return hex.encode(b.bytes)
      return blockJson(c, b, v >= 3 ? 3 : (v as 1 | 2), ctx)
    },
  },
  getblockheader: {
    params: ['blockhash', 'verbose'],
    usage: 'getblockheader "blockhash" ( verbose )\n',
    run: (c, a, _ctx, usage) => {
      const b = blockByHash(c, requireHash(a[0], 'hash', usage))
      if (a[1] !== undefined && a[1] !== null && typeof a[1] !== 'boolean') throw typeError(a[1], 'bool')
      return a[1] === false ? hex.encode(b.header) : headerJson(c, b)
    },
  },
  getrawtransaction: {
    params: ['txid', 'verbosity', 'blockhash'],
    usage: 'getrawtransaction "txid" ( verbosity "blockhash" )\n',
    run: getRawTransaction,
  },
  getrawmempool: {
    params: ['verbose'],
    usage: 'getrawmempool ( verbose )\n',
    run: (c) => c.mempool.map((t) => t.txid),
  },
  getblockchaininfo: {
    params: [],
    usage: 'getblockchaininfo\n',
    run: (c) => ({
      chain: c.net.name,
      blocks: c.height,
      headers: c.height,
      bestblockhash: c.tip.hash,
      difficulty: difficulty(c.tip.bits),
      time: c.tip.time,
      mediantime: medianTime(c, c.tip),
      verificationprogress: 1,
      initialblockdownload: false,
      chainwork: (BigInt(c.height + 1) * 2n).toString(16).padStart(64, '0'),
      size_on_disk: c.blocks.reduce((s, b) => s + b.size, 0),
      pruned: false,
      warnings: [],
    }),
  },
  sendrawtransaction: {
    params: ['hexstring', 'maxfeerate', 'maxburnamount'],
    usage: 'sendrawtransaction "hexstring" ( maxfeerate maxburnamount )\n',
    run: (c, a, _ctx, usage) => sendRawTransaction(c, a, usage),
  },
  generatetoaddress: {
    params: ['nblocks', 'address', 'maxtries'],
    usage: 'generatetoaddress nblocks "address" ( maxtries )\n',
    run: (c, a, _ctx, usage) => {
      const n = requireInt(a[0], usage)
      const to = a[1]
      if (typeof to !== 'string') throw typeError(to ?? null, 'string')
      if (addressScript(to, c.net) === undefined)
        throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Error: Invalid address')
      return c.mine(n, { to }).map((b) => b.hash)
    },
  },
}

/** Runs one call as Core's dispatcher does: unknown methods are -32601, argument errors carry Core's codes. */
export function callMethod(
  chain: BtcDevChain,
  method: string,
  params: JsonValue | undefined,
  ctx: JsonContext,
): JsonValue {
  const m = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined
  if (m === undefined) throw new RpcError(RPC.METHOD_NOT_FOUND, 'Method not found')
  return m.run(chain, positional(params, m.params, m.usage), ctx, m.usage)
}
