import type { Progress } from '../progress.ts'

/** A one-line progress bar for Bitcoin ingest: blocks, blocks/s, transactions/s and ETA, at most 10 draws a second. */
export function btcTerminalProgress(stream: NodeJS.WriteStream): Progress {
  let total = 0
  let done = 0
  let txs = 0
  let started = 0
  let lastDraw = 0
  const draw = (force: boolean) => {
    const now = performance.now()
    if (!force && now - lastDraw < 100) return
    lastDraw = now
    const secs = Math.max((now - started) / 1000, 1e-3)
    const bps = done / secs
    const eta = Math.round(bps > 0 ? (total - done) / bps : 0)
    const filled = total > 0 ? Math.round((done / total) * 24) : 24
    const bar = `${'='.repeat(filled)}${' '.repeat(24 - filled)}`
    const clock = `${Math.floor(eta / 60)}:${String(eta % 60).padStart(2, '0')}`
    stream.write(
      `\r[${bar}] ${done}/${total} blocks  ${bps.toFixed(1)} blocks/s  ${(txs / secs).toFixed(1)} tx/s  ETA ${clock}  `,
    )
  }
  return {
    start(n) {
      total = n
      started = performance.now()
      draw(true)
    },
    advance(blocks, transactions) {
      done += blocks
      txs += transactions
      draw(false)
    },
    finish() {
      draw(true)
      stream.write('\n')
    },
  }
}
