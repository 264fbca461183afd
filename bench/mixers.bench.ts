// Mixer-link benchmark: the five rules and their combination over a seeded synthetic history of 100,000
// deposits and 100,000 withdrawals in four ETH pools (bench/mixer-synthetic.ts). Reports linking time (whole run
// and per rule, each rule's share of the whole as its ratio), and each rule's precision and recall against the
// planted truth: per note (the deposit is the very note withdrawn) and per owner (the deposit's user is the
// withdrawal's user, which is what a trace needs). MIXER_NOTES: a smaller history of the same shape.

import { combineVotes } from '../src/mixer/combine-votes.ts'
import { buildLinkIndex } from '../src/mixer/link-index.ts'
import { DEFAULT_LINK_OPTIONS, linkWithdrawals, RULE_VOTERS } from '../src/mixer/link-withdrawals.ts'
import { DEFAULT_MIN_CONFIDENCE, MIXER_RULES, type MixerRule } from '../src/mixer/mixer-types.ts'
import type { RuleVote } from '../src/mixer/rules/rule-vote.ts'
import { type Behaviour, mixerSynthetic } from './mixer-synthetic.ts'
import { report, timeBest } from './report.ts'

const BENCH = 'mixers'
const NOTES = Number(process.env.MIXER_NOTES ?? 100_000)
const TARGET: Record<MixerRule, Exclude<Behaviour, 'careful'>> = {
  'address-match': 'address-reuse',
  'gas-price': 'unique-gas',
  'linked-addresses': 'direct-interaction',
  'multi-denomination': 'multi-denomination',
  timing: 'quick-quiet',
}

const t0 = performance.now()
const s = mixerSynthetic({
  notes: NOTES,
  seed: 28,
  shares: {
    'address-reuse': 0.02,
    'unique-gas': 0.02,
    'direct-interaction': 0.02,
    'multi-denomination': 0.005,
    'quick-quiet': 0.01,
  },
})
const generated = (performance.now() - t0) / 1000
const { activity } = s
const planted = new Map<Behaviour, number>()
for (const b of s.behaviourOf.values()) planted.set(b, (planted.get(b) ?? 0) + 1)
const history = {
  deposits: activity.deposits.length,
  withdrawals: activity.withdrawals.length,
  plantedWithdrawals: Object.fromEntries(planted),
  generatedSeconds: round(generated),
}

const wholeSeconds = await timeBest(() => linkWithdrawals(activity), 3)
const rate = activity.withdrawals.length / wholeSeconds / 1000
report({
  bench: BENCH,
  metric: `link ${activity.withdrawals.length} withdrawals against ${activity.deposits.length} deposits, every rule`,
  value: rate,
  unit: 'k withdrawals/s',
  seconds: round(wholeSeconds),
  aim: 'report',
  ...history,
})

const index = buildLinkIndex(activity, DEFAULT_LINK_OPTIONS)
const allVotes: RuleVote[] = []
for (const rule of MIXER_RULES) {
  let votes: RuleVote[] = []
  const seconds = await timeBest(() => {
    votes = RULE_VOTERS[rule](index)
  }, 3)
  allVotes.push(...votes)
  const target = [...s.behaviourOf].filter(([, b]) => b === TARGET[rule]).map(([w]) => w)
  const hit = new Set(votes.filter((v) => s.noteOf.get(v.withdrawal) === v.deposit).map((v) => v.withdrawal))
  // The rule alone, as a trace would follow it: links at the default minimum confidence.
  const alone = linkWithdrawals(activity, { rules: new Set([rule]) })
  const aloneHit = new Set(alone.filter((l) => s.noteOf.get(l.withdrawal) === l.deposit).map((l) => l.withdrawal))
  report({
    bench: BENCH,
    metric: `rule ${rule}`,
    value: seconds * 1000,
    unit: 'ms',
    baseline: { name: 'whole linking run, every rule', value: wholeSeconds * 1000, unit: 'ms' },
    ratio: seconds / wholeSeconds,
    aim: 'report',
    votes: votes.length,
    ...quality(votes.map((v) => [v.deposit, v.withdrawal] as const)),
    plantedBehaviour: TARGET[rule],
    planted: target.length,
    recallNote: round(target.filter((w) => hit.has(w)).length / Math.max(1, target.length)),
    atDefaultConfidence: {
      links: alone.length,
      ...quality(alone.map((l) => [l.deposit, l.withdrawal] as const)),
      recallNote: round(target.filter((w) => aloneHit.has(w)).length / Math.max(1, target.length)),
      carefulLinked: alone.filter((l) => s.behaviourOf.get(l.withdrawal) === 'careful').length,
    },
  })
}
const combineSeconds = await timeBest(() => combineVotes(index, allVotes), 3)
const leaking = [...s.behaviourOf].filter(([, b]) => b !== 'careful').map(([w]) => w)
for (const off of [[], ['timing']] as MixerRule[][]) {
  const links = linkWithdrawals(activity, { rules: new Set(MIXER_RULES.filter((r) => !off.includes(r))) })
  const linked = new Set(links.filter((l) => s.noteOf.get(l.withdrawal) === l.deposit).map((l) => l.withdrawal))
  const reachable = leaking.filter((w) => !off.includes(ruleFor(s.behaviourOf.get(w))))
  report({
    bench: BENCH,
    metric: `combined links at confidence ${DEFAULT_MIN_CONFIDENCE}${off.length ? `, ${off.join(', ')} off` : ''}`,
    value: links.length,
    unit: 'links',
    ...(off.length === 0 ? { combineSeconds: round(combineSeconds) } : {}),
    ...quality(links.map((l) => [l.deposit, l.withdrawal] as const)),
    recallNote: round(reachable.filter((w) => linked.has(w)).length / reachable.length),
    carefulWithdrawals: planted.get('careful') ?? 0,
    carefulLinked: links.filter((l) => s.behaviourOf.get(l.withdrawal) === 'careful').length,
    aim: 'report',
  })
}

/** The rule a planted behaviour leaks to. */
function ruleFor(b: Behaviour | undefined): MixerRule {
  return (Object.entries(TARGET).find(([, t]) => t === b)?.[0] ?? 'timing') as MixerRule
}

/** Of the pairs, the share naming the very note withdrawn, and the share naming a deposit of the same user. */
function quality(pairs: readonly (readonly [object, object])[]): { precisionNote: number; precisionOwner: number } {
  if (pairs.length === 0) return { precisionNote: 0, precisionOwner: 0 }
  let note = 0
  let owner = 0
  for (const [d, w] of pairs) {
    if (s.noteOf.get(w as never) === d) note++
    if (s.ownerOf.get(d as never) === s.ownerOf.get(w as never)) owner++
  }
  return { precisionNote: round(note / pairs.length), precisionOwner: round(owner / pairs.length) }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
