import { DragnetError } from '../../core/errors.ts'
import type { StixSchemas } from './stix-schemas.ts'
import { tlpOfMarkingId } from './tlp-markings.ts'

/** A STIX object as read: its type and id are checked before anything else of it is trusted. */
export type StixObject = Record<string, unknown> & { type: string; id: string }

export interface StixBundle {
  type: 'bundle'
  id: string
  objects: StixObject[]
}

/** The schema each type Dragnet writes is checked against; other types get the common core of their kind. */
const SCHEMA_OF: Record<string, string> = {
  identity: 'sdos/identity.json',
  incident: 'sdos/incident.json',
  indicator: 'sdos/indicator.json',
  'intrusion-set': 'sdos/intrusion-set.json',
  'threat-actor': 'sdos/threat-actor.json',
  note: 'sdos/note.json',
  relationship: 'sros/relationship.json',
  'marking-definition': 'common/marking-definition.json',
}

/** Types that are never the end of a relationship (STIX 2.1, 5.1: relationships link SDOs and SCOs). */
const NOT_RELATABLE = new Set(['relationship', 'sighting', 'marking-definition', 'language-content', 'bundle'])
const ID = /^[a-z][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/

/** The bad-bundle error: the object named by id and type, what is wrong, and where. */
export function bundleError(problem: string, object?: { id?: unknown; type?: unknown; index?: number }): DragnetError {
  const id = typeof object?.id === 'string' ? object.id : undefined
  const where = id ? `object ${id}` : object?.index !== undefined ? `object #${object.index}` : 'bundle'
  return new DragnetError('INVALID_ARGUMENT', `STIX bundle rejected: ${where}: ${problem}`, {
    details: {
      kind: 'stix-bundle',
      ...(id ? { objectId: id } : {}),
      ...(typeof object?.type === 'string' ? { type: object.type } : {}),
      ...(object?.index !== undefined ? { index: object.index } : {}),
      problem,
    },
  })
}

const typeOf = (ref: string): string => ref.slice(0, Math.max(0, ref.indexOf('--')))

function checkRef(o: StixObject, index: number, name: string, ref: unknown, allowed: (type: string) => boolean) {
  if (typeof ref !== 'string' || !ID.test(ref)) throw bundleError(`${name} is not a STIX identifier`, { ...o, index })
  if (!allowed(typeOf(ref))) throw bundleError(`${name} may not point at a ${typeOf(ref)}`, { ...o, index })
}

/** The spec's rules that the schemas cannot state: id prefix, created <= modified, what references may name. */
function checkRules(o: StixObject, index: number, markings: ReadonlySet<string>): void {
  if (typeOf(o.id) !== o.type) throw bundleError(`id prefix ${typeOf(o.id)} does not match type ${o.type}`, o)
  if (typeof o.created === 'string' && typeof o.modified === 'string' && Date.parse(o.modified) < Date.parse(o.created))
    throw bundleError('modified is before created', o)
  if (o.created_by_ref !== undefined) checkRef(o, index, 'created_by_ref', o.created_by_ref, (t) => t === 'identity')
  if (Array.isArray(o.object_marking_refs)) {
    for (const ref of o.object_marking_refs as unknown[]) {
      checkRef(o, index, 'object_marking_refs', ref, (t) => t === 'marking-definition')
      if (!tlpOfMarkingId(ref as string) && !markings.has(ref as string))
        throw bundleError(`unknown marking ${ref as string}: neither TLP nor defined in the bundle`, o)
    }
  }
  if (o.type === 'relationship') {
    for (const name of ['source_ref', 'target_ref'] as const)
      checkRef(o, index, name, o[name], (t) => !NOT_RELATABLE.has(t))
  }
  if (o.type === 'note' || o.type === 'report' || o.type === 'grouping') {
    for (const ref of Array.isArray(o.object_refs) ? o.object_refs : [])
      checkRef(o, index, 'object_refs', ref, () => true)
  }
  if (o.type === 'cryptocurrency-wallet' && (typeof o.value !== 'string' || o.value.length === 0))
    throw bundleError('a cryptocurrency-wallet needs a value', o)
}

function schemaFor(o: StixObject): string {
  const known = SCHEMA_OF[o.type]
  if (known) return known
  // Observables have no created/modified; every domain object has both.
  return 'created' in o ? 'common/core.json' : 'common/cyber-observable-core.json'
}

/**
 * Checks a parsed bundle against the OASIS STIX 2.1 schemas and the rules above; throws INVALID_ARGUMENT naming
 * the first bad object, so nothing of a bad bundle is ever stored.
 */
export function validateBundle(schemas: StixSchemas, input: unknown): StixBundle {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw bundleError('not a JSON object')
  const b = input as Record<string, unknown>
  if (b.type !== 'bundle') throw bundleError('type must be "bundle"')
  if (typeof b.id !== 'string' || !/^bundle--/.test(b.id) || !ID.test(b.id))
    throw bundleError('id must be bundle--<UUID>')
  const objects = b.objects ?? []
  if (!Array.isArray(objects)) throw bundleError('objects must be an array')
  const markings = new Set<string>()
  for (const o of objects as Record<string, unknown>[]) {
    if (o?.type === 'marking-definition' && typeof o.id === 'string') markings.add(o.id)
  }
  const seen = new Set<string>()
  objects.forEach((raw: unknown, index: number) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bundleError('not an object', { index })
    const o = raw as StixObject
    if (typeof o.type !== 'string' || typeof o.id !== 'string' || !ID.test(o.id))
      throw bundleError('needs a type and a STIX identifier', { ...o, index })
    // The rules first: their messages say more than the schemas' patterns that also encode some of them.
    checkRules(o, index, markings)
    const named = { id: o.id, type: o.type, index }
    const schema = schemaFor(o)
    const validate = schemas.validator(schema)
    if (!validate(o)) {
      const e = validate.errors?.[0]
      throw bundleError(`${e?.instancePath || '/'} ${e?.message ?? 'fails the schema'} (${schema})`, named)
    }
    const version = `${o.id}@${typeof o.modified === 'string' ? o.modified : ''}`
    if (seen.has(version)) throw bundleError('the same version appears twice', o)
    seen.add(version)
  })
  return { type: 'bundle', id: b.id, objects: objects as StixObject[] }
}
