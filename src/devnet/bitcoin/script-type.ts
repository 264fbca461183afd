import { sha256 } from '@noble/hashes/sha2.js'
import { bech32, bech32m, createBase58check, hex } from '@scure/base'
import { concat } from './bytes.ts'
import { withDescriptorChecksum } from './descriptor-checksum.ts'
import { parseScript } from './script-ops.ts'

const base58check = createBase58check(sha256)

/** Address prefixes; `main` gives bc1…/1…/3… addresses, `regtest` bcrt1…/m…/2…. */
export interface BtcNetwork {
  name: 'main' | 'regtest'
  bech32: string
  pubKeyHash: number
  scriptHash: number
}
export const MAINNET: BtcNetwork = { name: 'main', bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05 }
export const REGTEST: BtcNetwork = { name: 'regtest', bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4 }

/** Bitcoin Core's output types (GetTxnOutputType). */
export type OutputType =
  | 'pubkey'
  | 'pubkeyhash'
  | 'scripthash'
  | 'multisig'
  | 'nulldata'
  | 'witness_v0_keyhash'
  | 'witness_v0_scripthash'
  | 'witness_v1_taproot'
  | 'witness_unknown'
  | 'nonstandard'

export interface ScriptInfo {
  type: OutputType
  /** The address Core's ExtractDestination gives; Core prints none for `pubkey` in its modern answers. */
  address: string | null
  /** Core's inferred descriptor with checksum (a devnet has no wallet keys, so `addr()`, `rawtr()`, `raw()`…). */
  desc: string
  /** Signatures needed (legacy answers' reqSigs); null where Core omits it. */
  reqSigs: number | null
}

function witnessProgram(s: Uint8Array): { version: number; program: Uint8Array } | null {
  if (s.length < 4 || s.length > 42) return null
  const op = s[0] as number
  if (op !== 0 && (op < 0x51 || op > 0x60)) return null
  if ((s[1] as number) + 2 !== s.length) return null
  return { version: op === 0 ? 0 : op - 0x50, program: s.subarray(2) }
}

function segwitAddress(net: BtcNetwork, version: number, program: Uint8Array): string {
  const words = [version, ...bech32.toWords(program)]
  return version === 0 ? bech32.encode(net.bech32, words) : bech32m.encode(net.bech32, words, 90)
}

const isPubkey = (d: Uint8Array | undefined): d is Uint8Array =>
  d !== undefined && ((d.length === 33 && (d[0] === 2 || d[0] === 3)) || (d.length === 65 && d[0] === 4))

function multisig(s: Uint8Array): { m: number; keys: Uint8Array[] } | null {
  const { ops, ok } = parseScript(s)
  if (!ok || ops.length < 4 || ops[ops.length - 1]?.opcode !== 0xae) return null
  const m = (ops[0]?.opcode ?? 0) - 0x50
  const n = (ops[ops.length - 2]?.opcode ?? 0) - 0x50
  const keys = ops.slice(1, -2).map((o) => o.data)
  if (m < 1 || n < m || n > 16 || keys.length !== n || !keys.every(isPubkey)) return null
  return { m, keys: keys as Uint8Array[] }
}

function classifyOutput(s: Uint8Array, net: BtcNetwork): { type: OutputType; address: string | null; desc: string } {
  const raw = `raw(${hex.encode(s)})`
  const addr = (a: string) => ({ address: a, desc: `addr(${a})` })
  if (s.length === 25 && s[0] === 0x76 && s[1] === 0xa9 && s[2] === 0x14 && s[23] === 0x88 && s[24] === 0xac)
    return { type: 'pubkeyhash', ...addr(base58check.encode(concat(Uint8Array.of(net.pubKeyHash), s.subarray(3, 23)))) }
  if (s.length === 23 && s[0] === 0xa9 && s[1] === 0x14 && s[22] === 0x87)
    return { type: 'scripthash', ...addr(base58check.encode(concat(Uint8Array.of(net.scriptHash), s.subarray(2, 22)))) }
  const w = witnessProgram(s)
  if (w !== null) {
    const a = segwitAddress(net, w.version, w.program)
    if (w.version === 0 && w.program.length === 20) return { type: 'witness_v0_keyhash', ...addr(a) }
    if (w.version === 0 && w.program.length === 32) return { type: 'witness_v0_scripthash', ...addr(a) }
    if (w.version === 1 && w.program.length === 32)
      return { type: 'witness_v1_taproot', address: a, desc: `rawtr(${hex.encode(w.program)})` }
    if (w.version !== 0) return { type: 'witness_unknown', ...addr(a) }
    return { type: 'nonstandard', address: null, desc: raw }
  }
  const { ops, ok } = parseScript(s)
  if (ok && s[0] === 0x6a && ops.slice(1).every((o) => o.opcode <= 0x60))
    return { type: 'nulldata', address: null, desc: raw }
  if (ops.length === 2 && ops[1]?.opcode === 0xac && isPubkey(ops[0]?.data))
    return { type: 'pubkey', address: null, desc: `pk(${hex.encode(ops[0]?.data as Uint8Array)})` }
  const ms = multisig(s)
  if (ms !== null)
    return { type: 'multisig', address: null, desc: `multi(${ms.m},${ms.keys.map((k) => hex.encode(k)).join(',')})` }
  return { type: 'nonstandard', address: null, desc: raw }
}

/** What Bitcoin Core says about an output script: its type, address and descriptor. */
export function describeScript(script: Uint8Array, net: BtcNetwork): ScriptInfo {
  const c = classifyOutput(script, net)
  const reqSigs =
    c.type === 'multisig' ? (multisig(script)?.m ?? null) : c.type === 'nulldata' || c.type === 'nonstandard' ? null : 1
  return { type: c.type, address: c.address, desc: withDescriptorChecksum(c.desc), reqSigs }
}

/** The P2PK address legacy Core answers listed for a `pubkey` output (the key's P2PKH address). */
export function pubkeyHashAddress(pubkeyHash160: Uint8Array, net: BtcNetwork): string {
  return base58check.encode(concat(Uint8Array.of(net.pubKeyHash), pubkeyHash160))
}
