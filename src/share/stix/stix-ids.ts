import { uuidv5 } from './uuid5.ts'

/** The namespace STIX 2.1 (section 2.9) fixes for deterministic identifiers of cyber-observable objects. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7'

/**
 * Dragnet's own namespace for the identifiers of the domain objects it writes: a fixed random UUID, so that
 * the same incident, identity or relationship always gets the same id and a re-export updates, not duplicates.
 */
export const DRAGNET_NAMESPACE = '6b1f5c0e-3d5a-4d2e-9b8c-2f4e1a7d9c30'

/**
 * A cyber-observable's id per STIX 2.1: UUIDv5 over the canonical JSON (RFC 8785) of its id contributing
 * properties. For one string property, the canonical form is `{"name":"value"}` with JSON string escaping.
 */
export function scoId(type: string, contributing: Record<string, string>): string {
  const keys = Object.keys(contributing).sort()
  const canonical = `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(contributing[k])}`).join(',')}}`
  return `${type}--${uuidv5(STIX_SCO_NAMESPACE, canonical)}`
}

/** A stable id for a domain or relationship object, from the parts that name what it describes. */
export function stableId(type: string, ...parts: string[]): string {
  return `${type}--${uuidv5(DRAGNET_NAMESPACE, [type, ...parts].join('|'))}`
}
