import { randomUUID } from 'node:crypto'
import type { StixSchemas } from '../../share/stix/stix-schemas.ts'
import { strictestTlp, tlpOfMarkingId } from '../../share/stix/tlp-markings.ts'
import { type StixObject, validateBundle } from '../../share/stix/validate-bundle.ts'
import type { Tlp } from '../tlp.ts'

/** An object without a TLP marking is treated as AMBER: it reaches its audience, never the whole community. */
export const UNMARKED_TLP: Tlp = 'AMBER'

/** The TLP of an object: the strictest TLP marking it carries, or UNMARKED_TLP. */
export function tlpOf(o: StixObject): Tlp {
  const refs = Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as string[]) : []
  return strictestTlp(refs.map(tlpOfMarkingId).filter((t): t is Tlp => t !== undefined)) ?? UNMARKED_TLP
}

/** Checks objects as a bundle would be checked (schemas and rules) and pairs each with its marking. */
export function checkedObjects(schemas: StixSchemas, objects: unknown): { object: StixObject; tlp: Tlp }[] {
  const bundle = validateBundle(schemas, { type: 'bundle', id: `bundle--${randomUUID()}`, objects })
  return bundle.objects.map((object) => ({
    object,
    tlp: object.type === 'marking-definition' ? 'CLEAR' : tlpOf(object),
  }))
}
