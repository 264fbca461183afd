import { DragnetError } from '../../core/errors.ts'
import type { Store } from '../../store/store.ts'

/** An asset an amount's unit names, with its decimals (null when the store does not know them). */
export interface UnitAsset {
  /** 'native' or a lowercase token address. */
  asset: string
  symbol: string | null
  decimals: number | null
}

/** Resolves the unit of a typed amount ("ETH", "USDC", a token address) to the assets it may name. */
export type UnitLookup = (unit: string) => Promise<UnitAsset[]>

/** An exact amount: in base units of `asset`, or of whatever asset it is applied to when `asset` is null. */
export interface TypedAmount {
  asset: string | null
  amount: bigint
}

const NATIVE_UNITS = new Set(['eth', 'native'])

/** The units a store knows on a chain: the native coin (ETH) and every token by symbol or address. */
export function storeUnits(store: Pick<Store, 'tokensNamed'>, chain: string): UnitLookup {
  return async (unit) => {
    const out: UnitAsset[] = NATIVE_UNITS.has(unit.toLowerCase())
      ? [{ asset: 'native', symbol: 'ETH', decimals: 18 }]
      : []
    for (const t of await store.tokensNamed(chain, unit)) {
      out.push({ asset: t.address, symbol: t.symbol, decimals: t.decimals })
    }
    return out
  }
}

type AmountCode = 'INVALID_ARGUMENT' | 'AMOUNT_AMBIGUOUS' | 'AMOUNT_TOO_PRECISE' | 'AMOUNT_UNKNOWN_ASSET'

function fail(code: AmountCode, field: string, text: string, message: string, details: object = {}): DragnetError {
  return new DragnetError(code, `${field}: ${message}`, { details: { field, value: text, ...details } })
}

/**
 * Parses a typed amount into exact base units: "12345" is base units (of any asset); "0.1ETH", "0.1 ETH",
 * "1000USDX" or "5 0x…token" scale by the asset's decimals from the store. Never goes through a float. A decimal
 * without a unit, a symbol several tokens share (or that is also the native coin's) and a token of unknown
 * decimals fail with AMOUNT_AMBIGUOUS; more decimal places than the asset has with AMOUNT_TOO_PRECISE; a unit
 * the store does not know with AMOUNT_UNKNOWN_ASSET; anything else with INVALID_ARGUMENT.
 *
 * @example await parseAmountWithUnit('0.1ETH', storeUnits(store, 'ethereum')) // { asset: 'native', amount: 10n ** 17n }
 */
export async function parseAmountWithUnit(text: string, units: UnitLookup, field = 'amount'): Promise<TypedAmount> {
  const s = text.trim()
  if (/^\d{1,78}$/.test(s)) return { asset: null, amount: BigInt(s) }
  const m = /^(\d{1,78})(?:\.(\d{1,78}))?\s*([A-Za-z][A-Za-z0-9.]{0,31}|0x[0-9a-fA-F]{40})$/.exec(s)
  if (!m) {
    if (/^\d+\.\d+$/.test(s)) {
      throw fail('AMOUNT_AMBIGUOUS', field, text, `${text} has decimals but no unit: write e.g. ${s}ETH, or base units`)
    }
    throw fail('INVALID_ARGUMENT', field, text, `not an amount: ${text} (base units, or a number and a unit: 0.1ETH)`)
  }
  const [, whole = '0', frac = '', unit = ''] = m
  const found = await units(unit)
  if (found.length === 0) throw fail('AMOUNT_UNKNOWN_ASSET', field, text, `no asset ${unit} in the store`, { unit })
  if (found.length > 1) {
    const assets = found.map((a) => a.asset)
    throw fail('AMOUNT_AMBIGUOUS', field, text, `${unit} names ${assets.join(', ')}: give the token address`, {
      unit,
      assets,
    })
  }
  const a = found[0] as UnitAsset
  if (a.decimals === null) {
    throw fail('AMOUNT_AMBIGUOUS', field, text, `the decimals of ${unit} are unknown: give base units`, { unit })
  }
  if (frac.length > a.decimals) {
    throw fail('AMOUNT_TOO_PRECISE', field, text, `${unit} has ${a.decimals} decimals, ${text} has ${frac.length}`, {
      unit,
      decimals: a.decimals,
    })
  }
  return { asset: a.asset, amount: BigInt(whole + frac.padEnd(a.decimals, '0')) }
}
