import type { Label } from '../../labels/label-types.ts'
import { stableId } from './stix-ids.ts'
import { TLP2_MARKING_IDS } from './tlp-markings.ts'

/** Names under which labels attribute an address to Lazarus Group or its subgroups. */
const LAZARUS_NAMES =
  /lazarus|tradertraitor|apt ?38|bluenoroff|hidden cobra|jade sleet|diamond sleet|labyrinth chollima/i

/** Whether a label says the address is Lazarus Group's: an attribution or a sanction naming it. */
export function saysLazarus(label: Pick<Label, 'category' | 'name'>): boolean {
  return (label.category === 'dprk-attributed' || label.category === 'sanctioned') && LAZARUS_NAMES.test(label.name)
}

/** Aliases as MITRE ATT&CK (G0032) and the US government's advisories name the group and its subgroups. */
export const LAZARUS_ALIASES = [
  'Lazarus',
  'HIDDEN COBRA',
  'Labyrinth Chollima',
  'Diamond Sleet',
  'ZINC',
  'TraderTraitor',
  'APT38',
  'BlueNoroff',
]

const CREATED = '2024-01-01T00:00:00.000Z'
const ATTACK = {
  source_name: 'mitre-attack',
  external_id: 'G0032',
  url: 'https://attack.mitre.org/groups/G0032/',
}

export const LAZARUS_INTRUSION_SET_ID = stableId('intrusion-set', 'mitre-attack', 'G0032')
export const LAZARUS_THREAT_ACTOR_ID = stableId('threat-actor', 'mitre-attack', 'G0032')

/**
 * The group as an intrusion-set (as ATT&CK models groups) and as a nation-state threat-actor, with the
 * relationship between them. Public knowledge: marked CLEAR; their ids and versions never change.
 */
export function lazarusObjects(identityId: string): Record<string, unknown>[] {
  const common = {
    spec_version: '2.1',
    created: CREATED,
    modified: CREATED,
    created_by_ref: identityId,
    object_marking_refs: [TLP2_MARKING_IDS.CLEAR],
  }
  return [
    {
      type: 'intrusion-set',
      id: LAZARUS_INTRUSION_SET_ID,
      ...common,
      name: 'Lazarus Group',
      description: "North Korean state-sponsored group behind most of the DPRK's cryptocurrency thefts.",
      aliases: LAZARUS_ALIASES,
      primary_motivation: 'organizational-gain',
      external_references: [ATTACK],
    },
    {
      type: 'threat-actor',
      id: LAZARUS_THREAT_ACTOR_ID,
      ...common,
      name: 'Lazarus Group',
      threat_actor_types: ['nation-state'],
      aliases: LAZARUS_ALIASES,
      external_references: [ATTACK],
    },
    {
      type: 'relationship',
      id: stableId('relationship', 'attributed-to', LAZARUS_INTRUSION_SET_ID, LAZARUS_THREAT_ACTOR_ID),
      ...common,
      relationship_type: 'attributed-to',
      source_ref: LAZARUS_INTRUSION_SET_ID,
      target_ref: LAZARUS_THREAT_ACTOR_ID,
    },
  ]
}
