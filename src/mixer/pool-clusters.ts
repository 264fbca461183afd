import type { EndpointLabel, EndpointLabels } from '../labels/endpoint-labels.ts'
import { CATEGORY_PRIORITY, type LabelCategory } from '../labels/label-types.ts'

/** Categories of addresses that serve everyone: a link through one says nothing of who owns a note. */
export const SERVICE_CATEGORIES: ReadonlySet<LabelCategory> = new Set([
  'exchange',
  'exchange-deposit',
  'hot-wallet',
  'bridge',
  'mixer',
  'dex',
  'defi',
  'issuer',
  'issuer-freezable',
  'gambling',
])

/**
 * The label entity of each labelled address (its highest-priority label's name) and the service addresses
 * among them with their category.
 */
export function labelClusters(
  labels: EndpointLabels,
  addresses: Iterable<string>,
): { clusters: Map<string, string>; services: Map<string, string> } {
  const clusters = new Map<string, string>()
  const services = new Map<string, string>()
  for (const address of addresses) {
    const list = labels.get(address)
    if (list.length === 0) continue
    const first = [...list].sort(byPriority)[0] as EndpointLabel
    clusters.set(address, first.name)
    const service = list.find((l) => SERVICE_CATEGORIES.has(l.category))
    if (service) services.set(address, service.category)
  }
  return { clusters, services }
}

function byPriority(a: EndpointLabel, b: EndpointLabel): number {
  return CATEGORY_PRIORITY.indexOf(a.category) - CATEGORY_PRIORITY.indexOf(b.category) || a.name.localeCompare(b.name)
}
