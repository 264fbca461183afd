import type { Tlp } from '../../server/tlp.ts'

/** The extension that TLP 2.0 marking-definitions carry (OASIS cti-stix-common-objects, tlp-2.0). */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d'

/** The marking-definition ids OASIS published for TLP 2.0; every producer uses these same five. */
export const TLP2_MARKING_IDS: Record<Tlp, string> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
}

/**
 * The TLP 1.0 marking-definitions of the STIX 2.1 specification (section 7.2.1.4), still written by older
 * producers: read on import as their TLP 2.0 counterparts (WHITE is CLEAR), never written.
 */
export const TLP1_MARKING_IDS: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
}

/** The published TLP 2.0 marking-definition object for a marking, exactly as OASIS lists it. */
export function tlpMarking(tlp: Tlp): Record<string, unknown> {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp.toLowerCase() } },
  }
}

const BY_ID = new Map<string, Tlp>([
  ...Object.entries(TLP2_MARKING_IDS).map(([tlp, id]) => [id, tlp as Tlp] as const),
  ...Object.entries(TLP1_MARKING_IDS),
])

/** The TLP a marking-definition id stands for, or undefined for any other marking. */
export function tlpOfMarkingId(id: string): Tlp | undefined {
  return BY_ID.get(id)
}

const ORDER: readonly Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']

/** The most restrictive of several markings (an object marked both GREEN and AMBER is AMBER). */
export function strictestTlp(markings: Iterable<Tlp>): Tlp | undefined {
  let best: Tlp | undefined
  for (const m of markings) if (!best || ORDER.indexOf(m) > ORDER.indexOf(best)) best = m
  return best
}
