import { existsSync, readFileSync } from 'node:fs'
import { DragnetError } from '../core/errors.ts'
import { isAddress } from '../core/hex.ts'
import { type EndpointLabel, MapEndpointLabels } from './endpoint-labels.ts'

/**
 * Loads labels from a JSON file (an array of {address, category, name}) or a CSV file with the header
 * `address,category,name`. Malformed rows fail with INVALID_ARGUMENT naming the line.
 */
export function loadLabelsFile(path: string): MapEndpointLabels {
  if (!existsSync(path))
    throw new DragnetError('FILE_NOT_FOUND', `labels file not found: ${path}`, { details: { path } })
  const text = readFileSync(path, 'utf8')
  const rows = text.trimStart().startsWith('[') ? parseJson(text, path) : parseCsv(text, path)
  return new MapEndpointLabels(rows)
}

function check(address: unknown, category: unknown, name: unknown, where: string): [string, EndpointLabel] {
  if (!isAddress(address)) {
    throw new DragnetError('INVALID_ADDRESS', `${where}: not an address: ${String(address)}`, { details: { where } })
  }
  if (typeof category !== 'string' || category === '') {
    throw new DragnetError('INVALID_ARGUMENT', `${where}: missing category`, { details: { where } })
  }
  return [address.toLowerCase(), { category: category.trim(), name: typeof name === 'string' ? name.trim() : '' }]
}

function parseJson(text: string, path: string): [string, EndpointLabel][] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (cause) {
    throw new DragnetError('INVALID_ARGUMENT', `labels file ${path} is not valid JSON`, { details: { path }, cause })
  }
  if (!Array.isArray(data)) throw new DragnetError('INVALID_ARGUMENT', `labels file ${path} must hold an array`)
  return data.map((r: Record<string, unknown>, i) => check(r?.address, r?.category, r?.name, `${path}[${i}]`))
}

function parseCsv(text: string, path: string): [string, EndpointLabel][] {
  const lines = text.split(/\r?\n/)
  const out: [string, EndpointLabel][] = []
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return
    const [address, category, ...rest] = line.split(',')
    if (i === 0 && address?.trim().toLowerCase() === 'address') return
    out.push(check(address?.trim(), category, rest.join(',').replace(/^"|"$/g, ''), `${path}:${i + 1}`))
  })
  return out
}
