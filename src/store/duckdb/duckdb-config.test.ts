import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { DragnetError } from '../../core/errors.ts'
import { duckDbSettings, parseMemoryLimit } from './duckdb-config.ts'
import { openDuckDbStore } from './duckdb-store.ts'

describe('DuckDB settings', () => {
  it('default to half the machine and a temp directory beside the file', () => {
    const saved = process.env.DRAGNET_MEMORY_LIMIT
    delete process.env.DRAGNET_MEMORY_LIMIT
    try {
      assert.deepEqual(duckDbSettings('/data/d.duckdb'), {
        memory_limit: `${Math.floor(totalmem() / 2 / 2 ** 20)}MiB`,
        temp_directory: '/data/d.duckdb.tmp',
      })
      assert.equal(duckDbSettings(':memory:').temp_directory, undefined)
    } finally {
      if (saved !== undefined) process.env.DRAGNET_MEMORY_LIMIT = saved
    }
  })

  it('take the option first, then DRAGNET_MEMORY_LIMIT, and refuse what is not a size', () => {
    const saved = process.env.DRAGNET_MEMORY_LIMIT
    process.env.DRAGNET_MEMORY_LIMIT = '3GB'
    try {
      assert.equal(duckDbSettings('a.duckdb').memory_limit, '3GB')
      assert.equal(duckDbSettings('a.duckdb', { memoryLimit: '512 MiB' }).memory_limit, '512MiB')
      assert.throws(
        () => parseMemoryLimit('lots'),
        (e: unknown) => e instanceof DragnetError && e.code === 'INVALID_ARGUMENT',
      )
      process.env.DRAGNET_MEMORY_LIMIT = '12'
      assert.throws(() => duckDbSettings('a.duckdb'), /DRAGNET_MEMORY_LIMIT must be a size/)
    } finally {
      if (saved === undefined) delete process.env.DRAGNET_MEMORY_LIMIT
      else process.env.DRAGNET_MEMORY_LIMIT = saved
    }
  })

  it('are what the opened store runs with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-config-'))
    try {
      const path = join(dir, 's.duckdb')
      const store = await openDuckDbStore(path, { memoryLimit: '1GiB' })
      try {
        const r = await store.connection.runAndReadAll(
          "SELECT current_setting('memory_limit'), current_setting('temp_directory')",
        )
        assert.deepEqual(r.getRows()[0], ['1.0 GiB', `${path}.tmp`])
      } finally {
        await store.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
