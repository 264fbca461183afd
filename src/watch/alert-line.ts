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
  const place = where.length > 0 ? ` (${where.join(', ')})` : ''
  return `${head}  ${amount}${to === undefined ? '' : ` -> ${to}`}${place}  tx ${a.tx}`
}
