import { createHash } from 'node:crypto'

/**
 * bitcoin-etl's name for an output without an address (non-standard scripts, OP_RETURN data, bare multisig):
 * `nonstandard` and the first 40 hex digits of the SHA-256 of the script's bytes, so such outputs can still
 * be grouped and traced by what locks them.
 */
export function nonstandardAddress(scriptHex: string | null): string {
  const bytes = Buffer.from(scriptHex ?? '', 'hex')
  return `nonstandard${createHash('sha256').update(bytes).digest('hex').slice(0, 40)}`
}
