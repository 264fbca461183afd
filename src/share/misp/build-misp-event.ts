import type { Tlp } from '../../server/tlp.ts'
import type { SharedIncident, SharedWallet } from '../share-source.ts'
import { incidentKey } from '../stix/build-bundle.ts'
import { saysLazarus } from '../stix/lazarus.ts'
import { DRAGNET_NAMESPACE } from '../stix/stix-ids.ts'
import { uuidv5 } from '../stix/uuid5.ts'

/** MISP's coin-address object template (MISP/misp-objects, objects/coin-address, version 7). */
export const COIN_ADDRESS_TEMPLATE = { uuid: 'd0e6997e-78da-4815-a6a1-cfc1c1cb8a46', version: '7' }
/** The MISP threat-actor galaxy cluster for the group, attached to an event by its tag. */
export const LAZARUS_GALAXY_TAG = 'misp-galaxy:threat-actor="Lazarus Group"'
/** The comment that marks the event attribute carrying Dragnet's own record of the incident. */
export const DRAGNET_RECORD = 'dragnet:shared-incident'

export const tlpTag = (tlp: Tlp) => ({ name: `tlp:${tlp.toLowerCase()}` })
const SYMBOL: Record<string, string> = { bitcoin: 'BTC', ethereum: 'ETH', bsc: 'BSC', tron: 'TRX' }
/** MISP's distribution levels: 0 your organisation only, 1 this community, 3 all communities. */
const DISTRIBUTION: Record<Tlp, string> = { RED: '0', 'AMBER+STRICT': '0', AMBER: '0', GREEN: '1', CLEAR: '3' }

const iso = (unixSeconds: string | null | undefined) =>
  unixSeconds ? new Date(Number(unixSeconds) * 1000).toISOString() : undefined

function coinAddress(shared: SharedIncident, w: SharedWallet, key: string) {
  const tags = [tlpTag(w.tlp)]
  const attr = (relation: string, type: string, value: string, extra: object = {}) => ({
    uuid: uuidv5(DRAGNET_NAMESPACE, `misp-attribute|${key}|${w.address}|${relation}`),
    object_relation: relation,
    type,
    category: 'Financial fraud',
    value,
    to_ids: false,
    Tag: tags,
    ...extra,
  })
  const window = shared.trace?.freezeWindows.find((x) => x.address === w.address)
  const first = iso(window?.arrived.time)
  const last = iso(window?.departed?.time)
  const risky =
    w.roles.includes('seed') || w.labels.some((l) => l.category === 'dprk-attributed' || l.category === 'sanctioned')
  const address =
    w.chain === 'bitcoin'
      ? attr('address', 'btc', w.address, { to_ids: risky })
      : attr('address-crypto', 'text', w.address, { to_ids: risky })
  return {
    uuid: uuidv5(DRAGNET_NAMESPACE, `misp-object|${key}|${w.address}`),
    name: 'coin-address',
    'meta-category': 'financial',
    template_uuid: COIN_ADDRESS_TEMPLATE.uuid,
    template_version: COIN_ADDRESS_TEMPLATE.version,
    comment: w.labels.map((l) => `${l.category}: ${l.name} (${l.source}, confidence ${l.confidence})`).join('; '),
    Attribute: [
      address,
      attr('symbol', 'text', SYMBOL[w.chain] ?? w.chain.toUpperCase()),
      ...(first ? [attr('first-seen', 'datetime', first)] : []),
      ...(last ? [attr('last-seen', 'datetime', last)] : []),
      // The wallet as Dragnet shares it (chain, roles, labels with source and confidence, amounts), exactly.
      attr('text', 'text', JSON.stringify({ chain: w.chain, roles: w.roles, labels: w.labels, endpoint: w.endpoint })),
    ],
  }
}

/**
 * An incident as a MISP event (JSON): a coin-address object per wallet (the `address` btc attribute for
 * Bitcoin, `address-crypto` with `symbol` for Ethereum and other chains, first-seen and last-seen from the
 * freeze window), tlp: tags, the Lazarus Group galaxy tag where labels say so, and one text attribute with
 * the incident and its trace figures as Dragnet wrote them. UUIDs are stable across exports.
 */
export function buildMispEvent(shared: SharedIncident, modified: string): Record<string, unknown> {
  const key = incidentKey(shared)
  const lazarus = shared.wallets.some((w) => w.labels.some(saysLazarus))
  const record = { incident: { ...shared.incident, originId: key }, producer: shared.producer, trace: shared.trace }
  return {
    Event: {
      uuid: uuidv5(DRAGNET_NAMESPACE, `misp-event|${key}`),
      info: shared.incident.title,
      date: (shared.incident.occurredAt ?? shared.incident.createdAt).slice(0, 10),
      threat_level_id: '1',
      analysis: shared.incident.status === 'closed' ? '2' : '1',
      distribution: DISTRIBUTION[shared.incident.tlp],
      published: false,
      timestamp: String(Math.floor(Date.parse(modified) / 1000)),
      Orgc: { name: shared.producer.name, uuid: uuidv5(DRAGNET_NAMESPACE, `misp-org|${shared.producer.id}`) },
      Tag: [tlpTag(shared.incident.tlp), ...(lazarus ? [{ name: LAZARUS_GALAXY_TAG }] : [])],
      Attribute: [
        {
          uuid: uuidv5(DRAGNET_NAMESPACE, `misp-attribute|${key}|record`),
          type: 'text',
          category: 'Other',
          value: JSON.stringify(record),
          comment: DRAGNET_RECORD,
          to_ids: false,
          Tag: [tlpTag(shared.trace?.tlp ?? shared.incident.tlp)],
        },
      ],
      Object: shared.wallets.map((w) => coinAddress(shared, w, key)),
    },
  }
}
