import { formatAmount, shortAddress } from '../result/asset-format.ts'
import type { FreezeWindow, TraceResult } from '../trace-types.ts'

/** A duration as people read it: the two largest units. */
export function durationText(seconds: number): string {
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ]
  const parts: string[] = []
  let left = Math.max(0, Math.round(seconds))
  for (const [name, size] of units) {
    const n = Math.floor(left / size)
    if (n > 0 || (parts.length === 0 && size === 1)) parts.push(`${n} ${name}`)
    left -= n * size
    if (parts.length === 2) break
  }
  return parts.join(' ')
}

function windowLine(r: TraceResult, w: FreezeWindow): string {
  const who = w.freezableBy.map((f) => `${f.kind} ${f.name}`).join(' or ')
  const arrived = `arrived block ${w.arrived.block}`
  const amount = formatAmount(r, w.asset, w.received)
  if (w.departed === null) {
    const still = formatAmount(r, w.asset, w.remaining)
    return `${who}: ${shortAddress(w.address)} got ${amount}, ${arrived}, ${still} still there`
  }
  const sat = w.seconds === null ? '' : ` after ${durationText(w.seconds)}`
  return `${who}: ${shortAddress(w.address)} got ${amount}, ${arrived}, all gone by block ${w.departed.block}${sat}`
}

/** The table's freeze-window section: per asset what reached freezable places and left them, then the places. */
export function freezeWindowLines(r: TraceResult, top: number): string[] {
  if (r.direction === 'backward' || r.freezeWindows.length === 0) return []
  const out = ['', 'Freeze windows (where the funds could have been frozen, and for how long)']
  for (const [asset, t] of Object.entries(r.freezeTotals)) {
    out.push(
      `  ${formatAmount(r, asset, t.reached)} reached freezable places; ${formatAmount(r, asset, t.left)} left them, ` +
        `${formatAmount(r, asset, t.remaining)} still there`,
    )
  }
  for (const w of r.freezeWindows.slice(0, top)) out.push(`  ${windowLine(r, w)}`)
  if (r.freezeWindows.length > top) out.push(`  ... ${r.freezeWindows.length - top} more in --format json`)
  return out
}
