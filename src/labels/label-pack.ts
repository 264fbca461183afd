import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { DragnetError } from '../core/errors.ts'
import { isLabelCategory, type Label } from './label-types.ts'
import { requireFile } from './open-label-file.ts'

export const PACK_FORMAT = 'dragnet.labelpack/1'

export interface PackSource {
  source: string
  format: string
  sourceDate: string | null
  origin: string
  licence: string
}

/** A label pack: labels from several sources, each source replaced as a whole when the pack is loaded. */
export interface LabelPack {
  format: typeof PACK_FORMAT
  built: string
  sources: PackSource[]
  labels: Label[]
}

/** Reads a pack file (.json or gzip by magic bytes); a wrong shape fails with LABELS_MALFORMED. */
export function readPack(path: string): LabelPack {
  requireFile(path)
  let buf = readFileSync(path)
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf)
    } catch (cause) {
      throw new DragnetError('LABELS_TRUNCATED', `${path}: ${(cause as Error).message}`, { details: { path }, cause })
    }
  }
  let pack: LabelPack
  try {
    pack = JSON.parse(buf.toString('utf8')) as LabelPack
  } catch (cause) {
    throw new DragnetError('LABELS_MALFORMED', `${path} is not valid JSON`, { details: { path }, cause })
  }
  if (pack?.format !== PACK_FORMAT || !Array.isArray(pack.labels) || !Array.isArray(pack.sources)) {
    throw new DragnetError('LABELS_MALFORMED', `${path} is not a ${PACK_FORMAT} label pack`, { details: { path } })
  }
  const known = new Set(pack.sources.map((s) => s.source))
  pack.labels.forEach((l, i) => {
    if (!known.has(l.source) || !isLabelCategory(l.category) || typeof l.address !== 'string') {
      throw new DragnetError('LABELS_MALFORMED', `${path}: label ${i} is malformed`, { details: { path, label: i } })
    }
  })
  return pack
}

/** The pack shipped with Dragnet, loaded when a store holds no labels yet. */
export const DEFAULT_PACK_PATH = new URL('./pack/default-pack.json.gz', import.meta.url).pathname
