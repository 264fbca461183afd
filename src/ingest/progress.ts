/** Receives ingest progress; the CLI draws a bar on a terminal and stays quiet otherwise. */
export interface Progress {
  start(totalBlocks: number): void
  advance(blocks: number, transfers: number): void
  finish(): void
}

/**
 * A one-line progress bar: blocks, blocks/s, items/s and ETA, redrawn at most 10 times a second. `unit` names
 * what `advance` counts beside blocks: transfers for `ingest evm`, transactions (`tx`) for `ingest btc`.
 */
export function terminalProgress(stream: NodeJS.WriteStream, unit = 'transfers'): Progress {
  let total = 0
  let done = 0
  let items = 0
  let started = 0
  let lastDraw = 0
  const draw = (force: boolean) => {
    const now = performance.now()
    if (!force && now - lastDraw < 100) return
    lastDraw = now
    const secs = Math.max((now - started) / 1000, 1e-3)
    const bps = done / secs
    const eta = bps > 0 ? (total - done) / bps : 0
    const width = 24
    const filled = total > 0 ? Math.round((done / total) * width) : width
    const bar = `${'='.repeat(filled)}${' '.repeat(width - filled)}`
    stream.write(
      `\r[${bar}] ${done}/${total} blocks  ${bps.toFixed(1)} blocks/s  ${(items / secs).toFixed(1)} ${unit}/s  ETA ${formatEta(eta)}  `,
    )
  }
  return {
    start(n) {
      total = n
      started = performance.now()
      draw(true)
    },
    advance(blocks, t) {
      done += blocks
      items += t
      draw(false)
    },
    finish() {
      draw(true)
      stream.write('\n')
    },
  }
}

function formatEta(seconds: number): string {
  const s = Math.round(seconds)
  const m = Math.floor(s / 60)
  return `${m}:${String(s % 60).padStart(2, '0')}`
}
