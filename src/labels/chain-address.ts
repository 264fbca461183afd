import { createHash } from 'node:crypto'
import { keccak256, stringToBytes } from 'viem'
import { DragnetError } from '../core/errors.ts'
import { preview } from '../core/hex.ts'
import { bech32Decode } from './bech32.ts'

/** Address families: one key space each, so an EVM label holds on every EVM chain. */
export type ChainFamily = 'evm' | 'bitcoin' | 'tron' | 'other'

export type AddressProblem =
  | 'bad-characters'
  | 'bad-length'
  | 'bad-checksum'
  | 'bad-version'
  | 'bad-prefix'
  | 'mixed-case'
  | 'unknown-chain'

const EVM_CHAINS = new Set([
  'ethereum',
  'evm',
  'bsc',
  'arbitrum',
  'optimism',
  'polygon',
  'base',
  'avalanche',
  'ethereum-classic',
  'synthetic',
])

/** The family of a chain name; unknown names are 'other' and keep their addresses as written. */
export function chainFamily(chain: string): ChainFamily {
  if (EVM_CHAINS.has(chain)) return 'evm'
  if (chain === 'bitcoin') return 'bitcoin'
  if (chain === 'tron') return 'tron'
  return 'other'
}

/** The chain an address's shape points to, for inputs that name none. */
export function detectChain(address: string): string | undefined {
  if (/^0x[0-9a-fA-F]*$/.test(address)) return 'ethereum'
  if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(address)) return 'tron'
  if (/^(bc1|BC1|tb1|[13])/.test(address)) return 'bitcoin'
  return undefined
}

/** The index key of an address on a chain: `family:normalised`, EVM and bech32 lowercased, base58 as written. */
export function addressKey(chain: string, address: string): string {
  const family = chainFamily(chain)
  const a = address.trim()
  if (family === 'evm') return `evm:${a.toLowerCase()}`
  if (family === 'bitcoin' && /^(bc1|tb1)/i.test(a)) return `bitcoin:${a.toLowerCase()}`
  if (family === 'other') return `${chain}:${a}`
  return `${family}:${a}`
}

function invalid(chain: string, address: string, reason: AddressProblem, message: string): DragnetError {
  return new DragnetError('INVALID_ADDRESS', `${chain} address ${preview(address)}: ${message}`, {
    details: { chain, address: preview(address), reason },
  })
}

/** EIP-55 checksum form of a 40-hex-digit address. */
export function toChecksumAddress(address: string): string {
  const lower = address.toLowerCase().replace(/^0x/, '')
  const hash = keccak256(stringToBytes(lower)).slice(2)
  let out = '0x'
  for (let i = 0; i < 40; i++) {
    const ch = lower[i] as string
    out += Number.parseInt(hash[i] as string, 16) >= 8 ? ch.toUpperCase() : ch
  }
  return out
}

function validateEvm(chain: string, a: string): string {
  if (!a.startsWith('0x')) throw invalid(chain, a, 'bad-prefix', 'must start with 0x')
  const body = a.slice(2)
  if (!/^[0-9a-fA-F]*$/.test(body)) throw invalid(chain, a, 'bad-characters', 'must be hexadecimal')
  if (body.length !== 40) throw invalid(chain, a, 'bad-length', `must have 40 hex digits, has ${body.length}`)
  const mixed = body !== body.toLowerCase() && body !== body.toUpperCase()
  if (mixed && toChecksumAddress(a) !== a) {
    throw invalid(chain, a, 'bad-checksum', 'mixed case does not match its EIP-55 checksum')
  }
  return a.toLowerCase()
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const B58_MAP = new Map([...B58].map((c, i) => [c, BigInt(i)]))

/** Decodes base58 to bytes, or undefined when a character is outside the alphabet. */
export function base58Decode(text: string): Uint8Array | undefined {
  let n = 0n
  for (const c of text) {
    const v = B58_MAP.get(c)
    if (v === undefined) return undefined
    n = n * 58n + v
  }
  const bytes: number[] = []
  while (n > 0n) {
    bytes.push(Number(n & 0xffn))
    n >>= 8n
  }
  for (const c of text) {
    if (c !== '1') break
    bytes.push(0)
  }
  return Uint8Array.from(bytes.reverse())
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest()

function base58Check(chain: string, a: string, versions: readonly number[]): string {
  const bytes = base58Decode(a)
  if (!bytes) throw invalid(chain, a, 'bad-characters', 'has characters outside base58')
  if (bytes.length !== 25) throw invalid(chain, a, 'bad-length', `decodes to ${bytes.length} bytes, not 25`)
  const payload = bytes.subarray(0, 21)
  const sum = sha256(sha256(payload)).subarray(0, 4)
  if (!sum.equals(bytes.subarray(21))) throw invalid(chain, a, 'bad-checksum', 'base58check checksum does not match')
  if (!versions.includes(payload[0] as number)) {
    throw invalid(chain, a, 'bad-version', `version byte 0x${(payload[0] as number).toString(16)} is not allowed`)
  }
  return a
}

function validateBitcoin(chain: string, a: string): string {
  if (/^(bc1|tb1)/i.test(a)) {
    const r = bech32Decode(a)
    if (!r.ok) throw invalid(chain, a, r.reason, r.message)
    return a.toLowerCase()
  }
  if (!/^[123mn]/.test(a)) throw invalid(chain, a, 'bad-prefix', 'must start with 1, 3 or bc1')
  if (a.length < 26 || a.length > 35) throw invalid(chain, a, 'bad-length', `has ${a.length} characters`)
  return base58Check(chain, a, [0x00, 0x05, 0x6f, 0xc4])
}

function validateTron(chain: string, a: string): string {
  if (!a.startsWith('T')) throw invalid(chain, a, 'bad-prefix', 'must start with T')
  if (a.length !== 34) throw invalid(chain, a, 'bad-length', `must have 34 characters, has ${a.length}`)
  return base58Check(chain, a, [0x41])
}

/**
 * Validates an address for its chain and returns its normalised form (EVM and bech32 lowercase).
 * Throws INVALID_ADDRESS whose details.reason says what is wrong (bad-checksum, bad-length, ...).
 */
export function validateAddress(chain: string, address: string): string {
  const a = address.trim()
  switch (chainFamily(chain)) {
    case 'evm':
      return validateEvm(chain, a)
    case 'bitcoin':
      return validateBitcoin(chain, a)
    case 'tron':
      return validateTron(chain, a)
    default:
      if (a === '' || /\s/.test(a)) throw invalid(chain, a, 'bad-characters', 'is empty or holds spaces')
      return a
  }
}
