import { DragnetError } from '../../core/errors.ts'

const SCALE = 8

/**
 * A BTC amount as Bitcoin Core prints it (`50.00000000`, or `5e-05` after a JSON re-encoder) to satoshi,
 * from the decimal text itself: multiplying the double by 1e8 rounds amounts such as 0.29 BTC wrongly.
 * More than eight decimals that are not zeros is refused: a satoshi is the smallest unit.
 */
export function btcToSatoshi(text: string, field = 'value'): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!m) throw badAmount(text, field)
  const [, sign, whole = '', frac = '', exp = '0'] = m
  const shift = Number(exp) + SCALE
  let digits = whole + frac
  let point = whole.length + shift
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  }
  if (point >= digits.length) digits += '0'.repeat(point - digits.length)
  const intPart = digits.slice(0, point)
  const rest = digits.slice(point)
  if (/[1-9]/.test(rest)) throw badAmount(text, field)
  const sat = BigInt(intPart === '' ? '0' : intPart)
  return sign === '-' ? -sat : sat
}

function badAmount(text: string, field: string): DragnetError {
  return new DragnetError('RPC_INVALID_DATA', `${field} ${text} is no amount in satoshi (at most 8 decimals)`, {
    details: { field, value: text },
  })
}
