import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DragnetError } from '../core/errors.ts'
import { CHAIN_SCHEMA, isPostgresUrl, requireDuckDbPath, storeTarget } from './open-store.ts'

test('storeTarget: a path is DuckDB; postgres:// is PostgreSQL, chain data in dragnet_chain or ?schema=', () => {
  assert.deepEqual(storeTarget('./data/x.duckdb'), { kind: 'duckdb', path: './data/x.duckdb' })
  assert.deepEqual(storeTarget(':memory:'), { kind: 'duckdb', path: ':memory:' })
  assert.deepEqual(storeTarget('postgres://u@h:5432/db'), {
    kind: 'postgres',
    url: 'postgres://u@h:5432/db',
    schema: CHAIN_SCHEMA,
  })
  // `schema` is Dragnet's and is taken out; the driver's own parameters stay.
  assert.deepEqual(storeTarget('postgresql://u:p@h/db?sslmode=disable&schema=chain_b'), {
    kind: 'postgres',
    url: 'postgresql://u:p@h/db?sslmode=disable',
    schema: 'chain_b',
  })
  assert.throws(
    () => storeTarget('postgres://h/db?schema=Bad-Name'),
    (e) => e instanceof DragnetError && e.code === 'INVALID_ARGUMENT',
  )
  assert.equal(isPostgresUrl('POSTGRES://h/db'), true)
  assert.equal(isPostgresUrl('postgres.duckdb'), false)
})

test('requireDuckDbPath passes a file and refuses PostgreSQL with STORE_KIND_UNSUPPORTED, the password hidden', () => {
  assert.equal(requireDuckDbPath('x.duckdb', 'labels'), 'x.duckdb')
  assert.throws(
    () => requireDuckDbPath('postgres://u:secret@h/db', 'labels'),
    (e) =>
      e instanceof DragnetError &&
      e.code === 'STORE_KIND_UNSUPPORTED' &&
      !JSON.stringify(e.toJSON()).includes('secret') &&
      /labels works on a DuckDB store only/.test(e.message),
  )
})
