import { DragnetError } from '../core/errors.ts'
import { combineVotes } from './combine-votes.ts'
import { buildLinkIndex, type LinkIndex } from './link-index.ts'
import {
  DEFAULT_MIN_CONFIDENCE,
  type LinkOptions,
  MIXER_RULES,
  type MixerLink,
  type MixerRule,
  type PoolActivity,
} from './mixer-types.ts'
import { addressMatchVotes } from './rules/address-match.ts'
import { gasPriceVotes } from './rules/gas-price.ts'
import { linkedAddressesVotes } from './rules/linked-addresses.ts'
import { multiDenominationVotes } from './rules/multi-denomination.ts'
import type { RuleVote } from './rules/rule-vote.ts'
import { timingVotes } from './rules/timing.ts'

/** Every rule on, links at DEFAULT_MIN_CONFIDENCE, timing within 10 minutes, multi-denomination within a day. */
export const DEFAULT_LINK_OPTIONS: LinkOptions = Object.freeze({
  rules: new Set<MixerRule>(MIXER_RULES),
  minConfidence: DEFAULT_MIN_CONFIDENCE,
  timingWindowSeconds: 600,
  multiDenominationWindowSeconds: 86_400,
})

/** Each rule's voter, by name (docs/mixers.md states each rule). */
export const RULE_VOTERS: Readonly<Record<MixerRule, (index: LinkIndex) => RuleVote[]>> = {
  'address-match': addressMatchVotes,
  'gas-price': gasPriceVotes,
  'linked-addresses': linkedAddressesVotes,
  'multi-denomination': multiDenominationVotes,
  timing: timingVotes,
}

/**
 * Probable deposit → withdrawal links through fixed-denomination pools: every switched-on rule votes, the votes
 * combine per pair (combineVotes), and links at `minConfidence` or more come back in withdrawal order.
 * @example linkWithdrawals(await readPoolActivity(store, 'ethereum', labels), { minConfidence: 0.7 })
 */
export function linkWithdrawals(activity: PoolActivity, options: Partial<LinkOptions> = {}): MixerLink[] {
  const resolved = resolveLinkOptions(options)
  const index = buildLinkIndex(activity, resolved)
  const votes: RuleVote[] = []
  for (const rule of MIXER_RULES) if (resolved.rules.has(rule)) votes.push(...RULE_VOTERS[rule](index))
  return combineVotes(index, votes)
}

/** The defaults with `options` over them; INVALID_ARGUMENT for a confidence outside (0, 1] or a bad window. */
export function resolveLinkOptions(options: Partial<LinkOptions>): LinkOptions {
  const o: LinkOptions = { ...DEFAULT_LINK_OPTIONS, ...options }
  if (!(o.minConfidence > 0 && o.minConfidence <= 1)) {
    throw new DragnetError('INVALID_ARGUMENT', `minimum confidence ${o.minConfidence} is not in (0, 1]`, {
      details: { minConfidence: o.minConfidence },
    })
  }
  for (const key of ['timingWindowSeconds', 'multiDenominationWindowSeconds'] as const) {
    if (!(Number.isFinite(o[key]) && o[key] >= 0)) {
      throw new DragnetError('INVALID_ARGUMENT', `${key} ${o[key]} is not a number of seconds`, {
        details: { [key]: o[key] },
      })
    }
  }
  for (const rule of o.rules) {
    if (!MIXER_RULES.includes(rule)) {
      throw new DragnetError('INVALID_ARGUMENT', `unknown mixer rule ${rule}`, {
        details: { rule, rules: [...MIXER_RULES] },
      })
    }
  }
  return o
}
