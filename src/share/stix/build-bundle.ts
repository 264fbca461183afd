import { randomUUID } from 'node:crypto'
import type { Tlp } from '../../server/tlp.ts'
import type { SharedIncident, SharedWallet } from '../share-source.ts'
import { LAZARUS_INTRUSION_SET_ID, lazarusObjects, saysLazarus } from './lazarus.ts'
import { scoId, stableId } from './stix-ids.ts'
import { traceNotes } from './stix-notes.ts'
import { TLP2_MARKING_IDS, tlpMarking } from './tlp-markings.ts'
import type { StixBundle, StixObject } from './validate-bundle.ts'

/** Label categories that make an address an indicator of the theft (the others name services the money used). */
const RISKY = new Set(['sanctioned', 'dprk-attributed', 'stolen-funds', 'hack', 'scam', 'phishing', 'ransomware'])

/** The STIX id of a wallet: UUIDv5 over its value, as OpenCTI computes it, so both name the same object. */
export const walletId = (address: string): string => scoId('cryptocurrency-wallet', { value: address })

/** What the stable ids of an incident's objects are derived from: the STIX id of the incident. */
export const incidentKey = (shared: SharedIncident): string =>
  shared.incident.originId ?? `incident--${shared.incident.id}`

function isIndicator(w: SharedWallet): boolean {
  return w.roles.includes('seed') || w.labels.some((l) => RISKY.has(l.category)) || w.endpoint?.category === 'held'
}

function walletObject(w: SharedWallet): Record<string, unknown> {
  return {
    type: 'cryptocurrency-wallet',
    spec_version: '2.1',
    id: walletId(w.address),
    value: w.address,
    object_marking_refs: [TLP2_MARKING_IDS[w.tlp]],
    x_dragnet_chain: w.chain,
    x_dragnet_roles: w.roles,
    ...(w.labels.length > 0 ? { x_dragnet_labels: w.labels } : {}),
    ...(w.endpoint ? { x_dragnet_endpoint: w.endpoint } : {}),
  }
}

function indicatorOf(shared: SharedIncident, w: SharedWallet, common: Record<string, unknown>) {
  const lazarus = w.labels.some(saysLazarus)
  const named = w.labels[0]?.name
  const confidence = Math.max(0, ...w.labels.map((l) => l.confidence))
  return {
    type: 'indicator',
    id: stableId('indicator', incidentKey(shared), w.chain, w.address),
    ...common,
    object_marking_refs: [TLP2_MARKING_IDS[w.tlp]],
    name: `${named ?? (w.roles.includes('seed') ? 'Theft address' : 'Holds stolen funds')}: ${w.address}`,
    indicator_types: lazarus ? ['malicious-activity', 'attribution'] : ['malicious-activity'],
    pattern: `[cryptocurrency-wallet:value = '${w.address.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: shared.incident.createdAt,
    ...(w.labels.length > 0 ? { confidence } : {}),
    x_dragnet_chain: w.chain,
  }
}

function relationship(type: string, source: string, target: string, tlp: Tlp, common: Record<string, unknown>) {
  return {
    type: 'relationship',
    id: stableId('relationship', type, source, target),
    ...common,
    object_marking_refs: [TLP2_MARKING_IDS[tlp]],
    relationship_type: type,
    source_ref: source,
    target_ref: target,
  }
}

/**
 * An incident as a STIX 2.1 bundle: the producer's identity, the incident, its wallets (OpenCTI's
 * cryptocurrency-wallet), indicators on them, Lazarus Group where labels say so, relationships, the trace's
 * figures and freeze windows as notes, and the TLP 2.0 marking-definitions every object refers to.
 * Ids are stable: exporting the same incident again gives the same ids with a new `modified`.
 */
export function buildStixBundle(shared: SharedIncident, modified: string): StixBundle {
  const identityId = shared.producer.stixId ?? stableId('identity', shared.producer.id)
  const incidentId = incidentKey(shared)
  const common = { spec_version: '2.1', created: shared.incident.createdAt, modified, created_by_ref: identityId }
  const objects: Record<string, unknown>[] = []
  const used = new Set<Tlp>(['CLEAR', shared.incident.tlp])
  objects.push({
    type: 'identity',
    id: identityId,
    spec_version: '2.1',
    created: shared.producer.createdAt,
    modified: shared.producer.createdAt,
    name: shared.producer.name,
    identity_class: 'organization',
    object_marking_refs: [TLP2_MARKING_IDS.CLEAR],
  })
  objects.push({
    type: 'incident',
    id: incidentId,
    ...common,
    object_marking_refs: [TLP2_MARKING_IDS[shared.incident.tlp]],
    name: shared.incident.title,
    ...(shared.incident.description ? { description: shared.incident.description } : {}),
    x_dragnet_status: shared.incident.status,
    x_dragnet_chain: shared.incident.chain,
    ...(shared.incident.occurredAt ? { x_dragnet_occurred_at: shared.incident.occurredAt } : {}),
  })
  const walletIds = new Map<string, string>()
  let lazarus = false
  for (const w of shared.wallets) {
    used.add(w.tlp)
    const wallet = walletObject(w)
    walletIds.set(w.address, wallet.id as string)
    objects.push(wallet)
    objects.push(relationship('related-to', wallet.id as string, incidentId, w.tlp, common))
    if (!isIndicator(w)) continue
    const indicator = indicatorOf(shared, w, common)
    objects.push(indicator, relationship('based-on', indicator.id, wallet.id as string, w.tlp, common))
    if (w.labels.some(saysLazarus)) {
      lazarus = true
      objects.push(relationship('indicates', indicator.id, LAZARUS_INTRUSION_SET_ID, w.tlp, common))
    }
  }
  if (lazarus) {
    objects.push(...lazarusObjects(identityId))
    objects.push(relationship('attributed-to', incidentId, LAZARUS_INTRUSION_SET_ID, shared.incident.tlp, common))
  }
  if (shared.trace) used.add(shared.trace.tlp)
  objects.push(...traceNotes(shared, incidentId, identityId, walletIds, modified))
  const markings = (['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const).filter((t) => used.has(t))
  return {
    type: 'bundle',
    id: `bundle--${randomUUID()}`,
    objects: [...markings.map(tlpMarking), ...objects] as StixObject[],
  }
}
