import { humanAmount, unitsOf } from '../cases/asset-amount.ts'
import type { Alert } from './alert-types.ts'

/**
 * One readable line per alert, as `dragnet watch` prints without --json: block, kind, severity, the exact amount
 * in the asset's units, where it went and who can freeze it.
 *
 * @example
 * // block 42  freezable-arrival  high  1,500,000 USDX -> 0x7a3b…19cd (exchange-deposit, freezer: Exchange A)  tx 0x5e1f…
alertLine(a)
 */
export function alertLine(a: Alert): string {
  const head = `block ${a.block}  ${a.kind}  ${a.severity}`
  if (a.kind === 'retracted') return `${head}  withdrawn: ${a.retracts} (block ${a.block} left the chain)`
  // Native coins carry no token contract to read units from: ETH's, as everywhere else.
  const units = a.asset === 'native' && a.symbol === null ? unitsOf(undefined, 'native') : a
  const amount = humanAmount(a.amount, { symbol: units.symbol, decimals: units.decimals }, a.asset)
  // An arrival names the place first; a move names where the funds went last.
  const to = a.freezeRequest?.address ?? (a.place !== null ? a.addresses[0] : a.addresses.at(-1))
  const where: string[] = []
  if (a.place !== null) where.push(a.place)
  if (a.freezeRequest !== null) where.push(`freezer: ${a.freezeRequest.freezer.name}`)
  const w = a.freezeWindow
  // A closed window says how long the funds sat where they could have been frozen: the figure to act faster on.
  if (w?.departed) where.push(`left freezable place after ${w.seconds === null ? '?' : formatSeconds(w.seconds)}`)
  const place = where.length > 0 ? ` (${where.join(', ')})` : ''
  return `${head}  ${amount}${to === undefined ? '' : ` -> ${to}`}${place}  tx ${a.tx}`
}

function formatSeconds(s: number): string {
  if (s < 120) return `${s} s`
  if (s < 7200) return `${Math.round(s / 60)} min`
  return `${(s / 3600).toFixed(1)} h`
}
