import { randomUUID } from 'node:crypto'
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises'
import { type PullState, pullObjects, type TaxiiTarget } from './taxii-client.ts'

async function readState(path: string): Promise<PullState | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as PullState
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
}

async function spooled(path: string): Promise<Record<string, unknown>[]> {
  try {
    const text = await readFile(path, 'utf8')
    return text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
}

/**
 * Pulls a collection into one bundle, resumably: each page is appended to `<state>.objects.jsonl` and the
 * state file moves to that page's last date added before the next page is asked for, so a pull cut short
 * goes on from there and loses nothing; when the collection is read to the end the spool becomes the bundle.
 */
export async function pullBundle(
  target: TaxiiTarget,
  options: { since?: string | undefined; statePath?: string | undefined; limit?: number | undefined },
): Promise<{
  bundle: { type: 'bundle'; id: string; objects: Record<string, unknown>[] }
  state: PullState
  pages: number
}> {
  const spool = options.statePath ? `${options.statePath}.objects.jsonl` : undefined
  const saved = options.statePath ? await readState(options.statePath) : null
  const start: PullState = options.since ? { addedAfter: options.since } : (saved ?? { addedAfter: null })
  const r = await pullObjects(
    target,
    start,
    async (objects, state) => {
      if (!spool || !options.statePath) return
      if (objects.length > 0) await appendFile(spool, objects.map((o) => `${JSON.stringify(o)}\n`).join(''))
      await writeFile(options.statePath, JSON.stringify(state))
    },
    options.limit,
  )
  const objects = spool ? await spooled(spool) : r.objects
  if (spool) await rm(spool, { force: true })
  // The same version pulled twice (a resumed page) is one object in the bundle.
  const seen = new Set<string>()
  const distinct = objects.filter((o) => {
    const k = `${String(o.id)}@${String(o.modified ?? '')}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
  return {
    bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects: distinct },
    state: r.state,
    pages: r.pages,
  }
}
