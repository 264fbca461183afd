import { readFileSync } from 'node:fs'
import { DragnetError } from '../core/errors.ts'
import type { EndpointLabels } from '../labels/endpoint-labels.ts'
import { csvLabels, labelFromFields } from '../labels/formats/csv-labels.ts'
import { LabelIndex } from '../labels/label-index.ts'
import type { Label } from '../labels/label-types.ts'
import { requireFile } from '../labels/open-label-file.ts'
import { RegistryEndpointLabels } from '../labels/registry-endpoint-labels.ts'

/** The source id of labels from a `--labels` file that names none. */
export const LABELS_FILE_SOURCE = 'labels-file'

/**
 * Loads a labels file for a trace on `chain`: CSV in `dragnet labels import --format csv`'s layout (columns by
 * header: address, label or name, category, optional source, chain, ...) or a JSON array of objects with the same
 * fields. Every row is validated as a label import validates it (a known category, an address of its chain); a
 * bad row fails with LABELS_MALFORMED naming its line. The labels then reach the trace as the registry's do.
 */
export function loadLabelsFile(path: string, chain: string): EndpointLabels {
  requireFile(path)
  const text = readFileSync(path, 'utf8')
  return new RegistryEndpointLabels(LabelIndex.fromLabels(readLabelsText(text, path)), chain)
}

/** The labels of a labels file's text (CSV or a JSON array), validated. */
export function readLabelsText(text: string, path: string): Label[] {
  const options = { path, defaultSource: LABELS_FILE_SOURCE }
  if (!text.trimStart().startsWith('[')) return csvLabels(text, options)
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (cause) {
    throw new DragnetError('LABELS_MALFORMED', `${path}: not valid JSON`, { details: { path }, cause })
  }
  if (!Array.isArray(data)) throw new DragnetError('LABELS_MALFORMED', `${path}: must hold a JSON array`)
  return data.map((row: unknown, i) => {
    if (typeof row !== 'object' || row === null) {
      throw new DragnetError('LABELS_MALFORMED', `${path} item ${i + 1}: not an object`, {
        details: { path, item: i + 1 },
      })
    }
    const r = row as Record<string, unknown>
    const get = (f: string) => {
      const v = r[f] ?? (f === 'label' ? r.name : undefined)
      return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : ''
    }
    return labelFromFields(get, { ...options, path: `${path} item` }, i + 1)
  })
}
