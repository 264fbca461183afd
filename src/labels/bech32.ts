import type { AddressProblem } from './chain-address.ts'

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
const BECH32_CONST = 1
const BECH32M_CONST = 0x2bc830a3

function polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
  let chk = 1
  for (const v of values) {
    const top = chk >>> 25
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ (gen[i] as number)) >>> 0
  }
  return chk
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = []
  for (const c of hrp) out.push(c.charCodeAt(0) >> 5)
  out.push(0)
  for (const c of hrp) out.push(c.charCodeAt(0) & 31)
  return out
}

function convertBits(data: number[], from: number, to: number): number[] | undefined {
  let acc = 0
  let bits = 0
  const out: number[] = []
  const maxv = (1 << to) - 1
  for (const v of data) {
    acc = (acc << from) | v
    bits += from
    while (bits >= to) {
      bits -= to
      out.push((acc >> bits) & maxv)
    }
  }
  if (bits >= from || (acc << (to - bits)) & maxv) return undefined
  return out
}

export type Bech32Result =
  | { ok: true; hrp: string; version: number; program: Uint8Array }
  | { ok: false; reason: AddressProblem; message: string }

const fail = (reason: AddressProblem, message: string): Bech32Result => ({ ok: false, reason, message })

/**
 * Decodes a segwit address (BIP-173 bech32 for version 0, BIP-350 bech32m for versions 1 to 16) with
 * hrp bc or tb, checking case, checksum, witness version and program length.
 */
export function bech32Decode(address: string): Bech32Result {
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) {
    return fail('mixed-case', 'bech32 must not mix upper and lower case')
  }
  const a = address.toLowerCase()
  if (a.length > 90) return fail('bad-length', `has ${a.length} characters, at most 90`)
  const sep = a.lastIndexOf('1')
  if (sep < 1 || sep + 7 > a.length) return fail('bad-length', 'separator or checksum missing')
  const hrp = a.slice(0, sep)
  if (hrp !== 'bc' && hrp !== 'tb') return fail('bad-prefix', `human-readable part ${hrp} is not bc or tb`)
  const data: number[] = []
  for (const c of a.slice(sep + 1)) {
    const v = CHARSET.indexOf(c)
    if (v < 0) return fail('bad-characters', `character ${c} is outside bech32`)
    data.push(v)
  }
  const version = data[0] as number
  const check = polymod([...hrpExpand(hrp), ...data])
  const want = version === 0 ? BECH32_CONST : BECH32M_CONST
  if (check !== want) {
    const other = version === 0 ? BECH32M_CONST : BECH32_CONST
    return check === other
      ? fail('bad-checksum', version === 0 ? 'version 0 needs bech32, not bech32m' : 'version 1+ needs bech32m')
      : fail('bad-checksum', 'bech32 checksum does not match')
  }
  if (version > 16) return fail('bad-version', `witness version ${version} is above 16`)
  const program = convertBits(data.slice(1, -6), 5, 8)
  if (!program) return fail('bad-length', 'witness program has invalid padding')
  if (program.length < 2 || program.length > 40) return fail('bad-length', `program of ${program.length} bytes`)
  if (version === 0 && program.length !== 20 && program.length !== 32) {
    return fail('bad-length', `version 0 program must be 20 or 32 bytes, is ${program.length}`)
  }
  return { ok: true, hrp, version, program: Uint8Array.from(program) }
}
