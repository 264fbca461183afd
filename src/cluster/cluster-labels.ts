import type { ClusterAssignment } from '../core/btc-types.ts'
import type { EndpointLabel } from '../labels/endpoint-labels.ts'

/** Clusters with their members' labels: who owns a cluster, as far as labels say. */
export interface ClusterLabels {
  /** The cluster of an address, null when clustering did not place it. */
  clusterOf(address: string): string | null
  /** Every label of the cluster's members (deduplicated by category and name). */
  labelsOf(cluster: string): readonly EndpointLabel[]
  /** The cluster's name: a service label's name first (an exchange before a mixer, a bridge), else the first label's. */
  nameOf(cluster: string): string | null
}

// The label categories that name a service, in the trace's order of precedence (src/trace/engine/label-roles.ts).
const SERVICE_ORDER = ['exchange-deposit', 'exchange', 'hot-wallet', 'mixer', 'bridge'] as const

/**
 * Gives clusters their members' labels, so that an exchange's cluster is the exchange: one labelled member names
 * every address clustering tied to it. `labels` is asked once per member.
 */
export function clusterLabels(
  assignments: ReadonlyMap<string, string> | readonly ClusterAssignment[],
  labels: (address: string) => readonly EndpointLabel[],
): ClusterLabels {
  const of = new Map<string, string>()
  if (assignments instanceof Map) for (const [a, c] of assignments) of.set(a, c)
  else for (const x of assignments as readonly ClusterAssignment[]) of.set(x.address, x.cluster)
  const byCluster = new Map<string, EndpointLabel[]>()
  for (const a of [...of.keys()].sort()) {
    const own = labels(a)
    if (own.length === 0) continue
    const c = of.get(a) as string
    const list = byCluster.get(c) ?? []
    for (const l of own) {
      if (!list.some((x) => x.category === l.category && x.name === l.name)) list.push(l)
    }
    byCluster.set(c, list)
  }
  return {
    clusterOf: (a) => of.get(a) ?? null,
    labelsOf: (c) => byCluster.get(c) ?? [],
    nameOf: (c) => {
      const list = byCluster.get(c) ?? []
      for (const category of SERVICE_ORDER) {
        const l = list.find((x) => x.category === category)
        if (l) return l.name
      }
      return list[0]?.name ?? null
    },
  }
}
