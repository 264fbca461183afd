import type { HeistManifest } from '../devnet/world/manifest.ts'
import type { MixerLegNote, MixerLegTruth } from '../devnet/world/mixer-leg-truth.ts'
import { linkWithdrawals } from '../mixer/link-withdrawals.ts'
import { DEFAULT_MIN_CONFIDENCE, MIXER_RULES, type MixerLink, type MixerRule } from '../mixer/mixer-types.ts'
import { readPoolActivity } from '../mixer/read-pool-activity.ts'
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts'
import { addProbableLayer } from '../trace/through-mixers/add-probable-layer.ts'
import type { TaintModel, TraceResult } from '../trace/trace-types.ts'
import type { GroundTruthCheck } from './heist-checks.ts'
import { DEMO_CHAIN, heistEndpointLabels, heistTraceRequest } from './heist-demo.ts'

/** One rule's links over every note of the demo's pools, against the notes the leg planted for it. */
export interface RuleScore {
  rule: MixerRule
  /** Notes the leg planted for the rule (a correct linker finds each). */
  planted: number
  /** Links the rule voted for, at the default minimum confidence, alone. */
  linked: number
  /** Of them, those naming the very deposit the withdrawal spent. */
  correct: number
  /** Of the planted notes, those the rule linked correctly. */
  found: number
  /** Of them, links whose withdrawal is a careful crowd user's: a clean user linked. */
  crowd: number
}

/**
 * The heist's exact trace (traceHeist's result) taken on past the pools, along every rule's links at the default
 * minimum confidence.
 */
export async function heistPastMixers(
  store: DuckDbStore,
  manifest: HeistManifest,
  exact: TraceResult,
): Promise<TraceResult> {
  const labels = await heistEndpointLabels(store, manifest)
  return await addProbableLayer(store, heistTraceRequest(manifest, exact.model), labels, exact, {
    minConfidence: DEFAULT_MIN_CONFIDENCE,
    rules: new Set(MIXER_RULES),
  })
}

/** Each rule alone over the demo's pools, scored against the notes of the leg (docs/demo-world.md, truth table). */
export async function scoreDemoRules(store: DuckDbStore, manifest: HeistManifest): Promise<RuleScore[]> {
  const leg = manifest.mixerLeg
  if (!leg) return []
  const activity = await readPoolActivity(store, DEMO_CHAIN, await heistEndpointLabels(store, manifest))
  return MIXER_RULES.map((rule) => score(rule, linkWithdrawals(activity, { rules: new Set([rule]) }), leg))
}

function score(rule: MixerRule, links: readonly MixerLink[], leg: MixerLegTruth): RuleScore {
  const byWithdrawal = new Map(leg.notes.filter((n) => n.withdrawalTx).map((n) => [n.withdrawalTx as string, n]))
  let correct = 0
  let found = 0
  let crowd = 0
  for (const l of links) {
    const note = byWithdrawal.get(l.withdrawal.tx)
    if (note?.depositTx === l.deposit.tx) {
      correct++
      if (note.planted.includes(rule)) found++
    }
    if (note?.owner === 'crowd') crowd++
  }
  const planted = leg.notes.filter((n) => n.planted.includes(rule)).length
  return { rule, planted, linked: links.length, correct, found, crowd }
}

/**
 * The probable layer against the leg's truth, worked out from the played chain: every stolen note planted for a
 * rule is linked (and by that rule), the unlinkable one is not and its 100 ETH stay unlinked, no link leads to a
 * crowd user, and the Harbor deposit address W1 paid holds what the model gives W1's payment. W1 held only
 * 0.01 clean ETH before the note and paid all it held in one transfer: poison taints the whole transfer (the
 * arrival, 100.01 ETH), haircut and FIFO the note's share of it (all of the note's 100 ETH, W1 keeping nothing).
 */
export function checkThroughMixers(
  result: TraceResult,
  manifest: HeistManifest,
  model: TaintModel,
): GroundTruthCheck[] {
  const leg = manifest.mixerLeg
  const layer = result.probable
  if (!leg || !layer) return []
  const checks: GroundTruthCheck[] = []
  const check = (subject: string, asset: string | null, expected: string, traced: string) =>
    checks.push({ kind: 'probable', subject, asset, expected, traced, ok: expected === traced })
  for (const note of leg.notes.filter((n) => n.stolen)) {
    const link = layer.links.find((l) => l.deposit.tx === note.depositTx && l.withdrawal.tx === note.withdrawalTx)
    const rules = link ? link.rules.map((r) => r.rule).filter((r) => note.planted.includes(r)) : []
    check(
      `link ${note.key}`,
      null,
      note.planted.join('+') || 'none',
      rules.join('+') || (link ? 'other rules' : 'none'),
    )
  }
  const unlinkable = leg.notes.filter((n) => n.stolen && n.planted.length === 0)
  const denomination = (n: MixerLegNote) => leg.pools.find((p) => p.address === n.pool)?.denomination ?? 0n
  check(
    'unlinked stolen notes',
    'native',
    unlinkable.reduce((sum, n) => sum + denomination(n), 0n).toString(),
    (layer.unlinked.native ?? 0n).toString(),
  )
  const crowd = new Set(leg.notes.filter((n) => n.owner !== 'attacker').map((n) => n.recipient))
  const strays = layer.endpoints.filter((e) => crowd.has(e.address as never)).map((e) => e.address)
  check('no endpoint at a user of the crowd', null, 'none', strays.join(', ') || 'none')
  for (const target of leg.probable) {
    const expected = model === 'poison' ? target.amount : target.fromNote
    const at = layer.endpoints.find((e) => e.address === target.address && e.asset === 'native')
    const freezable = at?.freezableBy.some((f) => f.kind === 'exchange') ? 'exchange' : 'nobody'
    check(`freeze ${target.address} native`, 'native', expected.toString(), (at?.amount ?? 0n).toString())
    check(`freeze ${target.address} by`, null, 'exchange', freezable)
  }
  return checks
}
