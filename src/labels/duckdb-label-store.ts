import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'
import { DragnetError } from '../core/errors.ts'
import { addressKey, chainFamily } from './chain-address.ts'
import type { LabelSourceInfo, LabelStore } from './label-store.ts'
import { type Label, type LabelCategory, type LabelDiff, labelIdentity, type StoredLabel } from './label-types.ts'

const COLUMNS =
  'source, chain, address, category, name, source_date, confidence, programmes, asset, notes, added_on, removed_on'
const IDENT_SQL = "source || '|' || chain || '|' || lower(address) || '|' || category"

/** The label registry in the DuckDB store's tables (migration 3). */
export class DuckDbLabelStore implements LabelStore {
  constructor(private readonly c: DuckDBConnection) {}

  private async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.c.run('BEGIN TRANSACTION')
    try {
      const r = await fn()
      await this.c.run('COMMIT')
      return r
    } catch (error) {
      await this.c.run('ROLLBACK')
      if (error instanceof DragnetError) throw error
      throw new DragnetError('STORE_ERROR', `label write failed: ${(error as Error).message}`, { cause: error })
    }
  }

  async replaceSource(
    info: Omit<LabelSourceInfo, 'active' | 'importedAt'>,
    labels: readonly Label[],
    date: string,
  ): Promise<LabelDiff> {
    const incoming = new Map<string, Label>()
    for (const l of labels) incoming.set(labelIdentity(l), l)
    const current = await this.readLabels(`source = $1 AND removed_on IS NULL`, [info.source])
    const currentIds = new Set(current.map(labelIdentity))
    const removed = current.filter((l) => !incoming.has(labelIdentity(l))).map((l) => ({ ...l, removedOn: date }))
    const added = [...incoming.entries()].filter(([id]) => !currentIds.has(id)).map(([, l]) => l)
    await this.stage(incoming, currentIds)
    await this.transaction(async () => {
      await this.c.run(
        `UPDATE labels SET removed_on = $2 WHERE source = $1 AND removed_on IS NULL
           AND ${IDENT_SQL} NOT IN (SELECT ident FROM stage_labels)`,
        [info.source, date],
      )
      await this.c.run(
        `UPDATE labels SET name = s.name, source_date = s.source_date, confidence = s.confidence,
           programmes = s.programmes, asset = s.asset, notes = s.notes
         FROM stage_labels s WHERE labels.source = $1 AND labels.removed_on IS NULL AND NOT s.is_new
           AND labels.source || '|' || labels.chain || '|' || lower(labels.address) || '|' || labels.category = s.ident`,
        [info.source],
      )
      await this.c.run(
        `INSERT INTO labels SELECT source, chain, address, address_key, category, name, source_date, confidence,
           programmes, asset, notes, $1, NULL FROM stage_labels WHERE is_new`,
        [date],
      )
      await this.c.run(
        `INSERT INTO label_sources VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source) DO UPDATE SET
           format = excluded.format, source_date = excluded.source_date, imported_at = excluded.imported_at,
           origin = excluded.origin`,
        [info.source, info.format, info.sourceDate, new Date().toISOString(), info.origin],
      )
    })
    return { source: info.source, added, removed, kept: incoming.size - added.length }
  }

  private async stage(incoming: Map<string, Label>, currentIds: ReadonlySet<string>): Promise<void> {
    await this.c.run(`CREATE OR REPLACE TEMP TABLE stage_labels (ident VARCHAR, is_new BOOLEAN, source VARCHAR,
      chain VARCHAR, address VARCHAR, address_key VARCHAR, category VARCHAR, name VARCHAR, source_date VARCHAR,
      confidence INTEGER, programmes VARCHAR, asset VARCHAR, notes VARCHAR)`)
    const app = await this.c.createAppender('stage_labels', 'main', 'temp')
    try {
      for (const [id, l] of incoming) {
        app.appendVarchar(id)
        app.appendBoolean(!currentIds.has(id))
        app.appendVarchar(l.source)
        app.appendVarchar(l.chain)
        app.appendVarchar(l.address)
        app.appendVarchar(addressKey(l.chain, l.address))
        app.appendVarchar(l.category)
        app.appendVarchar(l.name)
        nullable(app, l.sourceDate)
        app.appendInteger(l.confidence)
        app.appendVarchar(JSON.stringify(l.programmes))
        nullable(app, l.asset)
        nullable(app, l.notes)
        app.endRow()
      }
      app.flushSync()
    } finally {
      app.closeSync()
    }
  }

  private async readLabels(where: string, params: DuckDBValue[]): Promise<StoredLabel[]> {
    const r = await this.c.runAndReadAll(
      `SELECT ${COLUMNS} FROM labels WHERE ${where} ORDER BY source, chain, address, category, added_on`,
      params,
    )
    return r.getRows().map(toStored)
  }

  async labelsOf(chain: string, address: string, options: { includeRemoved?: boolean } = {}): Promise<StoredLabel[]> {
    const keys = [addressKey(chain, address)]
    // Chains of the 'other' family key by their own name; an unknown chain still finds EVM and bitcoin labels.
    if (chainFamily(chain) === 'other') keys.push(addressKey('ethereum', address), addressKey('bitcoin', address))
    const live = options.includeRemoved ? '' : ' AND removed_on IS NULL'
    const list = keys.map((_, i) => `$${i + 1}`).join(', ')
    return this.readLabels(`address_key IN (${list})${live}`, keys)
  }

  async *active(options: { source?: string; batchSize?: number } = {}): AsyncIterable<StoredLabel[]> {
    const params: DuckDBValue[] = []
    let where = 'removed_on IS NULL'
    if (options.source !== undefined) {
      params.push(options.source)
      where += ' AND source = $1'
    }
    const result = await this.c.stream(`SELECT ${COLUMNS} FROM labels WHERE ${where}`, params)
    const size = options.batchSize ?? 8192
    let batch: StoredLabel[] = []
    for (;;) {
      const chunk = await result.fetchChunk()
      if (!chunk || chunk.rowCount === 0) break
      for (const row of chunk.getRows()) batch.push(toStored(row))
      if (batch.length >= size) {
        yield batch
        batch = []
      }
    }
    if (batch.length > 0) yield batch
  }

  async countActive(): Promise<number> {
    const r = await this.c.runAndReadAll('SELECT count(*) FROM labels WHERE removed_on IS NULL')
    return Number(r.getRows()[0]?.[0] ?? 0)
  }

  async sources(): Promise<LabelSourceInfo[]> {
    const r = await this.c.runAndReadAll(
      `SELECT s.source, s.format, s.source_date, s.imported_at, s.origin,
         (SELECT count(*) FROM labels l WHERE l.source = s.source AND l.removed_on IS NULL)
       FROM label_sources s ORDER BY s.source`,
    )
    return r.getRows().map(([source, format, sourceDate, importedAt, origin, active]) => ({
      source: source as string,
      format: format as string,
      sourceDate: (sourceDate as string | null) ?? null,
      importedAt: importedAt as string,
      origin: origin as string,
      active: Number(active),
    }))
  }
}

function nullable(app: { appendVarchar(v: string): void; appendNull(): void }, v: string | null): void {
  if (v === null) app.appendNull()
  else app.appendVarchar(v)
}

function toStored(row: DuckDBValue[]): StoredLabel {
  const [source, chain, address, category, name, sourceDate, confidence, programmes, asset, notes, added, removed] = row
  return {
    source: source as string,
    chain: chain as string,
    address: address as string,
    category: category as LabelCategory,
    name: name as string,
    sourceDate: (sourceDate as string | null) ?? null,
    confidence: Number(confidence),
    programmes: JSON.parse(programmes as string) as string[],
    asset: (asset as string | null) ?? null,
    notes: (notes as string | null) ?? null,
    addedOn: added as string,
    removedOn: (removed as string | null) ?? null,
  }
}
