import { z } from 'zod'

/** A route schema from a zod schema: JSON Schema draft-07 (Fastify's validator and the OpenAPI document share it). */
export function js(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >
  delete out.$schema
  return out
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Object ids are UUIDs; anything else is a 400 before any lookup. */
export const id = () => z.string().regex(UUID)
/** An exact amount in base units: a decimal string of at most 78 digits. */
export const amount = () => z.string().regex(/^\d{1,78}$/)
export const chainName = () => z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/)
export const TLP = z.enum(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'])

/** Params with the given id names. */
export const idParams = <K extends string>(...names: K[]) =>
  z.strictObject(Object.fromEntries(names.map((n) => [n, id()])) as Record<K, ReturnType<typeof id>>)
