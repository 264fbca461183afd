import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'

/**
 * From this share of the id space up a set of ids goes to DuckDB as one bit string tested per row, not a joined
 * temp table: probing a hash table of millions of ids costs more per row than get_bit, and a scan with a
 * cheap predicate reads the other columns only for the rows it keeps.
 */
const BITS_FROM_SHARE = 1 / 32

/** A SQL restriction of an integer column to a set of ids, and the parameter or temp table it needs. */
export interface IdFilter {
  /** Joined after FROM (empty when the restriction is in `where`). */
  join: string
  /** ANDed into the WHERE clause (empty when the restriction is a join). */
  where: string
  params: DuckDBValue[]
}

/**
 * Restricts `column` to `ids` (or, with `except`, to every other id below `bound`): a join with the
 * trace_ids temp table for a few ids, a bit string of `bound` bits for many. `param` is the placeholder
 * number the bit string takes.
 */
export async function idFilter(
  c: DuckDBConnection,
  column: string,
  ids: Int32Array,
  bound: number,
  param: number,
  except = false,
): Promise<IdFilter> {
  if (bound > 0 && ids.length >= bound * BITS_FROM_SHARE) {
    return {
      join: '',
      where: ` AND get_bit($${param}::BIT, ${column}) = ${except ? 0 : 1}`,
      params: [bitString(ids, bound)],
    }
  }
  await fillTraceIds(c, ids)
  return { join: `${except ? 'ANTI' : 'SEMI'} JOIN trace_ids ON ${column} = trace_ids.id`, where: '', params: [] }
}

/** '0' and '1' characters, the i-th '1' when i is in ids (ids at or above `bound` are left out). */
function bitString(ids: Int32Array, bound: number): string {
  const chars = new Uint8Array(bound).fill(48)
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number
    if (id >= 0 && id < bound) chars[id] = 49
  }
  return Buffer.from(chars.buffer, chars.byteOffset, chars.length).toString('latin1')
}

/** Replaces the trace_ids temp table with these ids, through an appender. */
export async function fillTraceIds(c: DuckDBConnection, ids: Int32Array): Promise<void> {
  await c.run('CREATE OR REPLACE TEMP TABLE trace_ids (id INTEGER)')
  const app = await c.createAppender('trace_ids', 'main', 'temp')
  try {
    for (let i = 0; i < ids.length; i++) {
      app.appendInteger(ids[i] as number)
      app.endRow()
    }
    app.flushSync()
  } finally {
    app.closeSync()
  }
}
