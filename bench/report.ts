/** One benchmark figure, printed as a JSON line; `ratio` compares it with a baseline measured in the same run. */
export interface BenchLine {
  bench: string
  metric: string
  value: number
  unit: string
  baseline?: { name: string; value: number; unit: string }
  ratio?: number
  aim?: string
  [extra: string]: unknown
}

export function report(line: BenchLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`)
}

/** Runs fn repeatedly for at least `minMs` and returns the best seconds per run. */
export async function timeBest(fn: () => unknown | Promise<unknown>, runs = 5, minMs = 0): Promise<number> {
  let best = Number.POSITIVE_INFINITY
  const start = performance.now()
  for (let i = 0; i < runs || performance.now() - start < minMs; i++) {
    const t0 = performance.now()
    await fn()
    best = Math.min(best, (performance.now() - t0) / 1000)
  }
  return best
}
