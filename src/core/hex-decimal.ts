/**
 * Exact decimal text of a 0x-hex quantity. Values below 2^52 (gas, nonces, indexes, most prices) go through
 * a double, which is exact there and far cheaper than BigInt's toString; larger ones through BigInt.
 */
export function hexToDecimal(hex: string): string {
  return hex.length <= 15 ? String(Number.parseInt(hex.slice(2), 16)) : BigInt(hex).toString()
}
