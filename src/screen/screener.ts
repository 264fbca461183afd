import { DragnetError } from '../core/errors.ts'
import { chainFamily, detectChain, validateAddress } from '../labels/chain-address.ts'
import type { LabelIndex } from '../labels/label-index.ts'
import type { Label } from '../labels/label-types.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { DuckDbEdgeSource } from '../trace/duckdb-edge-source.ts'
import type { EdgeSource } from '../trace/edge-source.ts'
import { ensureTraceIndex } from '../trace/trace-index.ts'
import { type Evaluation, evaluatePolicy } from './evaluate-policy.ts'
import { type DirectionExposure, exposureOf } from './exposure.ts'
import type { Policy } from './policy.ts'

export interface ScreenOptions {
  /** Hops of exposure; 0 screens direct hits only. */
  hops: number
  maxEdges: number
  /** Chain of every address; default: guessed from each address's form. */
  chain?: string
}

export interface ScreenResult extends Evaluation {
  address: string
  chain: string
  /** The address's own labels, most severe first. */
  labels: Label[]
  exposure: DirectionExposure[]
  /** Why exposure was not computed (no transfers of the chain in the store), or null. */
  exposureNote: string | null
}

/**
 * Screens addresses: direct hits from the label index (built once), exposure from the store's transfers
 * through the trace index, and a severity by the policy with a reason for each part of it.
 */
export class Screener {
  private readonly sources = new Map<string, Promise<EdgeSource | undefined>>()

  constructor(
    private readonly index: LabelIndex,
    private readonly policy: Policy,
    private readonly store: DuckDbStore | undefined,
    private readonly options: ScreenOptions,
  ) {}

  /** Validates the address for its chain (INVALID_ADDRESS with details.reason) and screens it. */
  async screen(address: string, chainOverride?: string): Promise<ScreenResult> {
    const chain = chainOverride ?? this.options.chain ?? detectChain(address.trim())
    if (!chain) {
      throw new DragnetError('INVALID_ADDRESS', `cannot tell the chain of ${address.slice(0, 80)}: pass --chain`, {
        details: { address: address.slice(0, 80), reason: 'unknown-chain' },
      })
    }
    const normal = validateAddress(chain, address)
    const labels = [...this.index.lookup(chain, normal)]
    const exposure: DirectionExposure[] = []
    let note: string | null = null
    if (this.options.hops > 0) {
      const [inSrc, outSrc] = await Promise.all([this.source(chain, 'backward'), this.source(chain, 'forward')])
      if (!inSrc || !outSrc) note = `no ${chain} transfers in the store: direct hits only`
      else {
        const o = { chain, hops: this.options.hops, maxEdges: this.options.maxEdges }
        exposure.push(await exposureOf(inSrc, this.index, normal, 'incoming', o))
        exposure.push(await exposureOf(outSrc, this.index, normal, 'outgoing', o))
      }
    }
    const evaluation = evaluatePolicy(this.policy, labels, exposure)
    return { address: normal, chain, labels, exposure, exposureNote: note, ...evaluation }
  }

  private source(chain: string, direction: 'forward' | 'backward'): Promise<EdgeSource | undefined> {
    const key = `${chain}|${direction}`
    let s = this.sources.get(key)
    if (!s) {
      s = this.openSource(chain, direction)
      this.sources.set(key, s)
    }
    return s
  }

  private async openSource(chain: string, direction: 'forward' | 'backward'): Promise<EdgeSource | undefined> {
    if (!this.store || chainFamily(chain) !== 'evm') return undefined
    if ((await this.store.count('transfers', chain)) === 0) return undefined
    if (direction === 'forward') await ensureTraceIndex(this.store.connection, chain, false)
    else await this.source(chain, 'forward')
    return DuckDbEdgeSource.open(this.store.connection, chain, direction, {})
  }
}
