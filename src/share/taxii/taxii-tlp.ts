import type { Tlp } from '../../server/tlp.ts'

/**
 * Whether an organisation may receive an object over TAXII, by its TLP 2.0 marking:
 * RED never leaves the organisation that owns it; AMBER and AMBER+STRICT go to the object's audience (the
 * organisations its incident is shared with, or the members of a sharing-group collection); GREEN to every
 * organisation of this server (its community); CLEAR to every reader. Stricter than the API's rule for RED,
 * because what leaves over TAXII leaves the server (docs/decisions/0023-sharing-stix-taxii-misp.md).
 */
export function taxiiAllows(tlp: Tlp, owner: string, viewer: string, audience: ReadonlySet<string>): boolean {
  if (viewer === owner) return true
  switch (tlp) {
    case 'CLEAR':
    case 'GREEN':
      return true
    case 'AMBER':
    case 'AMBER+STRICT':
      return audience.has(viewer)
    case 'RED':
      return false
  }
}
