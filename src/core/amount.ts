import { DragnetError } from './errors.ts'

/** Formats an exact integer amount with `decimals` places, trimming trailing zeros: 1500000n, 6 -> "1.5". */
export function formatUnits(amount: bigint, decimals: number): string {
  if (decimals <= 0) return amount.toString()
  const negative = amount < 0n
  const abs = negative ? -amount : amount
  const base = 10n ** BigInt(decimals)
  const whole = abs / base
  const frac = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`
}

/** Parses a decimal string such as "1.5" into an exact integer of `decimals` places; never goes through a float. */
export function parseUnits(text: string, decimals: number): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim())
  if (!m) throw new DragnetError('INVALID_ARGUMENT', `not a decimal amount: ${text}`, { details: { value: text } })
  const whole = m[1] ?? '0'
  const frac = m[2] ?? ''
  if (frac.length > decimals) {
    throw new DragnetError('INVALID_ARGUMENT', `${text} has more than ${decimals} decimal places`, {
      details: { value: text, decimals },
    })
  }
  return BigInt(whole + frac.padEnd(decimals, '0'))
}

/** Parses a JSON-RPC quantity ("0x1a") or a decimal string into a bigint. */
export function toBigInt(value: string): bigint {
  return BigInt(value)
}
