import type { EndpointLabels } from '../labels/endpoint-labels.ts'
import type { Store } from '../store/store.ts'
import type { MixerPool } from './mixer-types.ts'
import { isNativeSymbol, type LabelDenomination, labelAmountUnits, parseLabelDenomination } from './pool-label.ts'

/** What one deposit transaction paid into a contract per note: known, or not seen in the stored transfers. */
export type NoteAmount = { asset: string; amount: bigint } | null

/** A contract that emitted pool events: each of its deposits' note amounts. */
export interface EventContract {
  address: string
  noteAmounts: NoteAmount[]
}

/** The token lookups a label's symbol needs; a store without them resolves native-coin labels only. */
export type TokenLookup = Partial<Pick<Store, 'tokensNamed'>>

/**
 * The pools among the contracts that emitted pool events and the addresses labelled 'mixer' with a denomination.
 * A contract whose deposits paid different amounts (or assets) is not a pool: linking rests on every note of a
 * pool being worth the same, so that a withdrawal could have spent any earlier one; such a contract (a
 * variable-amount mixer, a fork with the same events) is left out even when labelled. A contract with the events
 * but no deposit amount seen and no label naming one is left out too: nothing states its denomination.
 */
export async function recognisePools(
  chain: string,
  contracts: ReadonlyMap<string, EventContract>,
  labels: EndpointLabels,
  tokens: TokenLookup,
): Promise<MixerPool[]> {
  const labelled = labelledPools(labels, contracts.keys())
  const out: MixerPool[] = []
  for (const address of [...new Set([...contracts.keys(), ...labelled.keys()])].sort()) {
    const events = contracts.get(address)
    const label = labelled.get(address)
    const fromEvents = events ? fixedAmount(events.noteAmounts) : null
    if (fromEvents === 'varied') continue
    const stated = label ? await resolveLabel(chain, label.denomination, fromEvents?.asset ?? null, tokens) : null
    const name = label?.name ?? null
    if (fromEvents) {
      const agree = stated !== null && stated.asset === fromEvents.asset && stated.amount === fromEvents.amount
      const recognisedBy = agree ? 'label+events' : 'events'
      out.push({ chain, address, asset: fromEvents.asset, denomination: fromEvents.amount, name, recognisedBy })
    } else if (stated) {
      out.push({
        chain,
        address,
        asset: stated.asset,
        denomination: stated.amount,
        name,
        recognisedBy: events ? 'label+events' : 'label',
      })
    }
  }
  return out
}

/** The one amount every seen note paid, 'varied' when two differ, null when none was seen. */
function fixedAmount(notes: readonly NoteAmount[]): { asset: string; amount: bigint } | 'varied' | null {
  let seen: { asset: string; amount: bigint } | null = null
  for (const n of notes) {
    if (n === null) continue
    if (seen === null) seen = n
    else if (seen.asset !== n.asset || seen.amount !== n.amount) return 'varied'
  }
  return seen
}

/** Mixer labels naming one denomination, by address: every labelled address the labels list, and `also`. */
function labelledPools(
  labels: EndpointLabels,
  also: Iterable<string>,
): Map<string, { name: string; denomination: LabelDenomination }> {
  const out = new Map<string, { name: string; denomination: LabelDenomination }>()
  const consider = (address: string, list: readonly { category: string; name: string }[]) => {
    for (const l of list) {
      if (l.category !== 'mixer') continue
      const denomination = parseLabelDenomination(l.name)
      if (denomination) {
        out.set(address.toLowerCase(), { name: l.name, denomination })
        return
      }
    }
  }
  for (const [address, list] of labels.entries?.() ?? []) consider(address, list)
  for (const address of also) if (!out.has(address)) consider(address, labels.get(address))
  return out
}

/** A label's denomination in base units: the native coin's 18 decimals, or the named token's from the store. */
async function resolveLabel(
  chain: string,
  d: LabelDenomination,
  eventAsset: string | null,
  tokens: TokenLookup,
): Promise<{ asset: string; amount: bigint } | null> {
  if (isNativeSymbol(chain, d.symbol)) {
    const amount = labelAmountUnits(d, 18)
    return amount === null ? null : { asset: 'native', amount }
  }
  if (!tokens.tokensNamed) return null
  const named = (await tokens.tokensNamed(chain, d.symbol)).filter((t) => t.decimals !== null)
  // Several tokens share a symbol: the one the pool's deposits paid in, else only an unambiguous one.
  const token = named.find((t) => t.address.toLowerCase() === eventAsset) ?? (named.length === 1 ? named[0] : undefined)
  if (!token || token.decimals === null) return null
  const amount = labelAmountUnits(d, token.decimals)
  return amount === null ? null : { asset: token.address.toLowerCase(), amount }
}
