import { DragnetError } from '../core/errors.ts'
import { csvLabels } from './formats/csv-labels.ts'
import { etherscanLabels } from './formats/etherscan-labels.ts'
import { sdnLabels } from './formats/sdn-labels.ts'
import { tagpackLabels } from './formats/tagpack.ts'
import { readPack } from './label-pack.ts'
import type { LabelStore } from './label-store.ts'
import type { Label, LabelDiff } from './label-types.ts'
import { readSdn } from './ofac-sdn.ts'
import { readAllText } from './open-label-file.ts'

export const LABEL_FORMATS = ['ofac-sdn', 'etherscan', 'tagpack', 'csv', 'pack'] as const
export type LabelFormat = (typeof LABEL_FORMATS)[number]

/** The labels of one source, ready to replace what the store holds for it. */
export interface SourceLabels {
  source: string
  format: LabelFormat
  sourceDate: string | null
  origin: string
  labels: Label[]
}

export interface ReadOptions {
  /** Overrides the source id (default: ofac-sdn, etherscan, the TagPack's title, the CSV's source column). */
  source?: string
  sourceDate?: string
}

/** Reads a label file of a format into per-source label lists; nothing is stored. */
export async function readLabelFile(format: LabelFormat, path: string, o: ReadOptions = {}): Promise<SourceLabels[]> {
  const one = (source: string, sourceDate: string | null, labels: Label[]): SourceLabels[] => [
    { source, format, sourceDate, origin: path, labels },
  ]
  switch (format) {
    case 'ofac-sdn': {
      const list = await readSdn(path)
      const date = o.sourceDate ?? list.issued
      return one(o.source ?? 'ofac-sdn', date, sdnLabels(list.addresses, date, o.source ?? 'ofac-sdn'))
    }
    case 'etherscan': {
      const source = o.source ?? 'etherscan'
      const r = etherscanLabels(await readAllText(path), { source, sourceDate: o.sourceDate ?? null, path })
      return one(source, o.sourceDate ?? null, r.labels)
    }
    case 'tagpack':
      return group(format, path, tagpackLabels(await readAllText(path), withSource({ path }, o.source)), o)
    case 'csv':
      return group(format, path, csvLabels(await readAllText(path), { path }), o)
    case 'pack': {
      const pack = readPack(path)
      return pack.sources.map((s) => ({
        source: s.source,
        format,
        sourceDate: s.sourceDate,
        origin: `${path} (${s.origin})`,
        labels: pack.labels.filter((l) => l.source === s.source),
      }))
    }
  }
}

function withSource<T extends object>(o: T, source: string | undefined): T & { source?: string } {
  return source === undefined ? o : { ...o, source }
}

function group(format: LabelFormat, path: string, labels: Label[], o: ReadOptions): SourceLabels[] {
  const by = new Map<string, Label[]>()
  for (const l of labels) {
    const source = o.source ?? l.source
    const item = o.source === undefined ? l : { ...l, source }
    const list = by.get(source)
    if (list) list.push(item)
    else by.set(source, [item])
  }
  return [...by].map(([source, list]) => ({
    source,
    format,
    sourceDate: o.sourceDate ?? list.find((l) => l.sourceDate)?.sourceDate ?? null,
    origin: path,
    labels: list,
  }))
}

/** Today as YYYY-MM-DD (UTC): the history date of a source that states none. */
export const today = (): string => new Date().toISOString().slice(0, 10)

/**
 * Reads the whole file first, then replaces each source it holds: a file that fails to parse changes
 * nothing in the store.
 */
export async function importLabelFile(
  store: LabelStore,
  format: LabelFormat,
  path: string,
  o: ReadOptions = {},
): Promise<LabelDiff[]> {
  const groups = await readLabelFile(format, path, o)
  if (groups.length === 0) {
    throw new DragnetError('LABELS_MALFORMED', `${path} holds no labels`, { details: { path, format } })
  }
  const diffs: LabelDiff[] = []
  for (const g of groups) {
    const info = { source: g.source, format: g.format, sourceDate: g.sourceDate, origin: g.origin }
    diffs.push(await store.replaceSource(info, g.labels, g.sourceDate ?? today()))
  }
  return diffs
}
