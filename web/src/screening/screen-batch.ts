import type { InputRow } from './parse-input.ts'
import type { LabelBasis, ScreenBatchAnswer, ScreenResult } from './screen-types.ts'

/** POST /v1/screen takes at most this many addresses at once (src/server/routes/screen-routes.ts). */
export const MAX_BATCH = 1000

/** One input row and what the API said of it: a result, or an error with the API's code. */
export interface ScreenedRow {
  line: number
  input: string
  chain: string | undefined
  result?: ScreenResult
  error?: { code: string; message: string }
}

export interface BatchOutcome {
  rows: ScreenedRow[]
  labelSources: LabelBasis[]
}

type Post = (path: string, body: unknown) => Promise<ScreenBatchAnswer>

/**
 * Screens rows through POST /v1/screen: a request per chain named in the input (the API takes one chain per batch;
 * rows without one are left to the server to tell by the address's form) and per 1,000 addresses. The answer lists
 * results and invalid addresses apart, each in input order, so they are merged back into the input's order.
 */
export async function screenBatch(
  post: Post,
  rows: readonly InputRow[],
  options: { chain?: string | undefined; hops: number; onProgress?: (done: number) => void },
): Promise<BatchOutcome> {
  const groups = new Map<string, InputRow[]>()
  for (const r of rows) {
    const key = r.chain ?? options.chain ?? ''
    const g = groups.get(key)
    if (g) g.push(r)
    else groups.set(key, [r])
  }
  const out = new Map<InputRow, ScreenedRow>()
  let labelSources: LabelBasis[] = []
  let done = 0
  for (const [chain, group] of groups) {
    for (let i = 0; i < group.length; i += MAX_BATCH) {
      const part = group.slice(i, i + MAX_BATCH)
      const answer = await post('/v1/screen', {
        addresses: part.map((r) => r.address),
        ...(chain ? { chain } : {}),
        hops: options.hops,
      })
      labelSources = answer.labelSources
      for (const [row, screened] of merge(part, answer, chain || undefined)) out.set(row, screened)
      done += part.length
      options.onProgress?.(done)
    }
  }
  return { rows: rows.map((r) => out.get(r) as ScreenedRow), labelSources }
}

function merge(part: readonly InputRow[], answer: ScreenBatchAnswer, chain: string | undefined) {
  let ri = 0
  let ii = 0
  return part.map((row): [InputRow, ScreenedRow] => {
    const base = { line: row.line, input: row.address, chain }
    const bad = answer.invalid[ii]
    if (bad && bad.address === row.address) {
      ii++
      return [row, { ...base, error: { code: bad.code, message: bad.message } }]
    }
    const result = answer.results[ri++]
    if (!result) return [row, { ...base, error: { code: 'NO_ANSWER', message: 'the server returned no result' } }]
    return [row, { ...base, chain: result.chain, result }]
  })
}
