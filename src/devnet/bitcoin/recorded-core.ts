import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** bitcoin-etl's recorded Bitcoin Core answers (mainnet, Core 0.17/0.18): the shapes the devnet is held to. */
export const RECORDED_DIR = new URL(
  '../../../../shared/data/conformance/bitcoin-etl/test_export_blocks_job/bitcoin/',
  import.meta.url,
).pathname

export interface RecordedAnswer {
  file: string
  /** The answer as recorded, key order kept. */
  value: unknown
}

/** Every recorded answer whose file name starts with `prefix` (e.g. `rpc_response_getblock_`), across the cases. */
export function recordedAnswers(prefix: string, suffix = '.json'): RecordedAnswer[] {
  const out: RecordedAnswer[] = []
  for (const dir of readdirSync(RECORDED_DIR).sort()) {
    for (const f of readdirSync(join(RECORDED_DIR, dir)).sort()) {
      if (!f.startsWith(prefix) || !f.endsWith(suffix)) continue
      const file = join(RECORDED_DIR, dir, f)
      out.push({ file: `${dir}/${f}`, value: JSON.parse(readFileSync(file, 'utf8')) })
    }
  }
  return out
}
