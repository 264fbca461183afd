import { clusterLabels } from '../../cluster/cluster-labels.ts'
import type { BtcTransaction } from '../../core/btc-types.ts'
import { DragnetError } from '../../core/errors.ts'
import type { EndpointLabel } from '../../labels/endpoint-labels.ts'
import { type TraceRole, traceRoleOf } from '../engine/label-roles.ts'
import { TAINT_MODELS, type TraceResult } from '../trace-types.ts'
import { type UtxoResultContext, utxoResult } from './utxo-result.ts'
import { UtxoTracer } from './utxo-tracer.ts'
import { labelsOf, type UtxoLabels, type UtxoTraceRequest } from './utxo-types.ts'

/**
 * Traces taint forward over UTXO transactions in (block, index) order and returns a `dragnet.trace/1` result
 * (docs/bitcoin.md, "UTXO taint"): asset `native`, amounts in satoshi, one edge per tainted output.
 *
 * @example
 * traceUtxo(txs, { chain: 'bitcoin', model: 'haircut', seedAddresses: ['bc1q…'], seedTxs: [], limits }, labels)
 */
export function traceUtxo(txs: Iterable<BtcTransaction>, request: UtxoTraceRequest, labels: UtxoLabels): TraceResult {
  const started = performance.now()
  const tracer = utxoTracer(request, labels)
  tracer.tracer.addAll(txs)
  return utxoResult(tracer.tracer, tracer.context, started)
}

/**
 * The tracer and its result context, for feeding transactions in batches (an async ingest reader) before
 * building the result with utxoResult.
 */
export function utxoTracer(
  request: UtxoTraceRequest,
  labels: UtxoLabels,
): { tracer: UtxoTracer; context: UtxoResultContext } {
  checkRequest(request)
  const clusters = request.clusters ? clusterLabels(request.clusters, (a) => labelsOf(labels, a)) : null
  const fromClusters = clusters !== null && request.labelsFromClusters === true
  const roleOf = (a: string): TraceRole | undefined => {
    let own: readonly EndpointLabel[] = labelsOf(labels, a)
    if (own.length === 0 && fromClusters) {
      const c = clusters.clusterOf(a)
      if (c !== null) own = clusters.labelsOf(c)
    }
    return traceRoleOf(own)
  }
  // The tracer asks once per address; with no labels at all there is nothing to ask.
  const unlabelled = labels instanceof Map && labels.size === 0 && !fromClusters
  const tracer = new UtxoTracer(request, unlabelled ? () => null : (a) => roleOf(a)?.stop ?? null)
  const context: UtxoResultContext = {
    roleOf,
    clusterOf: clusters ? (a) => clusters.clusterOf(a) : null,
    clusterName: (c) => clusters?.nameOf(c) ?? null,
  }
  return { tracer, context }
}

function checkRequest(r: UtxoTraceRequest): void {
  if (!TAINT_MODELS.includes(r.model)) {
    throw new DragnetError('INVALID_ARGUMENT', `unknown taint model ${r.model}`, { details: { model: r.model } })
  }
  if (!Number.isInteger(r.limits.hops) || r.limits.hops < 0) {
    throw new DragnetError('INVALID_ARGUMENT', 'hops must be a whole number of at least 0', {
      details: { hops: r.limits.hops },
    })
  }
  for (const o of r.seedOutpoints ?? []) {
    if (!/^[0-9a-fA-F]{64}$/.test(o.txid) || !Number.isInteger(o.vout) || o.vout < 0 || o.tainted < 0n) {
      throw new DragnetError('INVALID_ARGUMENT', `bad seed outpoint ${o.txid}:${o.vout}`, {
        details: { ...o, tainted: String(o.tainted) },
      })
    }
  }
}
