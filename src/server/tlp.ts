/** Traffic Light Protocol 2.0 markings, least to most restrictive. */
export const TLP_MARKINGS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const
export type Tlp = (typeof TLP_MARKINGS)[number]

/**
 * Whether an organisation may see an object marked `tlp` and owned by `owner`, where `audience` is the owner of
 * the incident the object belongs to plus the organisations the incident is shared with:
 * - the owner always sees its own objects;
 * - CLEAR and GREEN: every organisation on the server (the community);
 * - AMBER and RED: the incident's audience (the organisations it is shared with by name);
 * - AMBER+STRICT: the owner only.
 */
export function tlpAllows(tlp: Tlp, owner: string, viewer: string, audience: ReadonlySet<string>): boolean {
  if (viewer === owner) return true
  switch (tlp) {
    case 'CLEAR':
    case 'GREEN':
      return true
    case 'AMBER':
    case 'RED':
      return audience.has(viewer)
    case 'AMBER+STRICT':
      return false
  }
}

/** A marking that names no further organisations: sharing an incident so marked is refused. */
export function tlpForbidsSharing(tlp: Tlp): boolean {
  return tlp === 'AMBER+STRICT'
}

/** RED: only the owner exports evidence packages (no further disclosure by recipients). */
export function tlpAllowsExport(tlp: Tlp, owner: string, viewer: string): boolean {
  return tlp !== 'RED' || owner === viewer
}
