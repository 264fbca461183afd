import type { DuckDBConnection } from '@duckdb/node-api'
import { DragnetError } from '../../core/errors.ts'

/**
 * Runs `fn` in one DuckDB transaction on the store's connection: committed whole, or rolled back with the error
 * as STORE_ERROR (a DragnetError passes through as it is).
 */
export async function duckDbTransaction<T>(connection: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION')
  try {
    const result = await fn()
    await connection.run('COMMIT')
    return result
  } catch (error) {
    await connection.run('ROLLBACK')
    throw error instanceof DragnetError
      ? error
      : new DragnetError('STORE_ERROR', `store write failed: ${(error as Error).message}`, { cause: error })
  }
}
