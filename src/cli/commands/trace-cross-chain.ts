import { readFileSync } from 'node:fs'
import { CHAIN_NAMES } from '../../bridge/thorchain/asset-notation.ts'
import { parseMidgardActions } from '../../bridge/thorchain/midgard-actions.ts'
import { midgardLinks } from '../../bridge/thorchain/midgard-links.ts'
import { DragnetError } from '../../core/errors.ts'
import type { EndpointLabels } from '../../labels/endpoint-labels.ts'
import type { ChainStore } from '../../store/open-store.ts'
import { renderCrossChainTable } from '../../trace/cross-chain/render-cross-chain.ts'
import { type CrossChainSources, runCrossChainTrace } from '../../trace/cross-chain/run-cross-chain-trace.ts'
import { renderJson } from '../../trace/render/render-formats.ts'
import { renderTable } from '../../trace/render/render-table.ts'
import type { TraceRequest } from '../../trace/trace-types.ts'

export interface CrossChainFlags {
  /** The store chain name of Bitcoin's data. */
  btcChain: string
  /** A Midgard /v2/actions export whose links complete the chains' data. */
  midgard?: string
}

/** `dragnet trace --cross-chain`: the trace, then every THORChain crossing it reached, as a table or JSON. */
export async function traceCrossChain(
  store: ChainStore,
  request: TraceRequest,
  labels: EndpointLabels,
  flags: CrossChainFlags,
  format: 'table' | 'json',
  utxoLabels?: EndpointLabels,
): Promise<string> {
  const chainNames = { ...CHAIN_NAMES, BTC: flags.btcChain }
  const sources: CrossChainSources = { evm: store, labels }
  sources.btc = store.btc
  if (utxoLabels !== undefined) sources.utxoLabels = utxoLabels
  if (flags.midgard !== undefined) sources.indexed = readMidgard(flags.midgard, chainNames, request.chain)
  const result = await runCrossChainTrace(sources, request, { chainNames })
  return format === 'json' ? renderJson(result) : renderCrossChainTable(result, (leg) => renderTable(leg, 10))
}

function readMidgard(file: string, chainNames: Record<string, string>, evmChain: string) {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (cause) {
    throw new DragnetError('FILE_NOT_FOUND', `--midgard ${file} cannot be read`, { cause, details: { file } })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new DragnetError('BRIDGE_MALFORMED', `--midgard ${file} is not JSON`, { cause, details: { file } })
  }
  // Midgard names Ethereum ETH; the store may call the seed chain otherwise (a devnet).
  const names = { ...chainNames, ETH: evmChain }
  return midgardLinks(parseMidgardActions(json, file).actions, { chainNames: names }).links
}
