import { hex } from '@scure/base'

/** One parsed script element: an opcode, with its pushed bytes when it is a push. */
export interface ScriptOp {
  opcode: number
  data?: Uint8Array
}

const NAMED: Record<number, string> = {
  79: '-1',
  80: 'OP_RESERVED',
  97: 'OP_NOP',
  98: 'OP_VER',
  99: 'OP_IF',
  100: 'OP_NOTIF',
  101: 'OP_VERIF',
  102: 'OP_VERNOTIF',
  103: 'OP_ELSE',
  104: 'OP_ENDIF',
  105: 'OP_VERIFY',
  106: 'OP_RETURN',
  177: 'OP_CHECKLOCKTIMEVERIFY',
  178: 'OP_CHECKSEQUENCEVERIFY',
  186: 'OP_CHECKSIGADD',
  255: 'OP_INVALIDOPCODE',
}
// Bitcoin Core's GetOpName, in opcode order from 0x6b: the runs are contiguous so a list keeps the table short.
const RUN_6B = [
  'TOALTSTACK FROMALTSTACK 2DROP 2DUP 3DUP 2OVER 2ROT 2SWAP IFDUP DEPTH DROP DUP NIP OVER PICK ROLL ROT SWAP TUCK',
  'CAT SUBSTR LEFT RIGHT SIZE INVERT AND OR XOR EQUAL EQUALVERIFY RESERVED1 RESERVED2 1ADD 1SUB 2MUL 2DIV NEGATE',
  'ABS NOT 0NOTEQUAL ADD SUB MUL DIV MOD LSHIFT RSHIFT BOOLAND BOOLOR NUMEQUAL NUMEQUALVERIFY NUMNOTEQUAL LESSTHAN',
  'GREATERTHAN LESSTHANOREQUAL GREATERTHANOREQUAL MIN MAX WITHIN RIPEMD160 SHA1 SHA256 HASH160 HASH256',
  'CODESEPARATOR CHECKSIG CHECKSIGVERIFY CHECKMULTISIG CHECKMULTISIGVERIFY NOP1',
]
  .join(' ')
  .split(' ')
RUN_6B.forEach((name, i) => {
  NAMED[0x6b + i] = `OP_${name}`
})
for (let n = 4; n <= 10; n++) NAMED[0xb3 + n - 4] = `OP_NOP${n}`

/** Bitcoin Core's name for a non-push opcode. */
export function opName(opcode: number): string {
  if (opcode === 0) return '0'
  if (opcode >= 0x51 && opcode <= 0x60) return String(opcode - 0x50)
  return NAMED[opcode] ?? 'OP_UNKNOWN'
}

/** Parses a script as Core's GetOp does; `ok` is false where a push runs past the end. */
export function parseScript(script: Uint8Array): { ops: ScriptOp[]; ok: boolean } {
  const ops: ScriptOp[] = []
  let at = 0
  while (at < script.length) {
    const opcode = script[at++] as number
    if (opcode > 0x4e) {
      ops.push({ opcode })
      continue
    }
    let len = opcode
    const width = opcode === 0x4c ? 1 : opcode === 0x4d ? 2 : opcode === 0x4e ? 4 : 0
    if (width > 0) {
      if (at + width > script.length) return { ops, ok: false }
      len = 0
      for (let i = width - 1; i >= 0; i--) len = len * 256 + (script[at + i] as number)
      at += width
    }
    if (at + len > script.length) return { ops, ok: false }
    ops.push({ opcode, data: script.subarray(at, at + len) })
    at += len
  }
  return { ops, ok: true }
}

/** CScriptNum's decoding of up to 4 bytes: little-endian, sign in the top bit of the last byte. */
export function scriptNum(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0
  let n = 0
  for (let i = bytes.length - 1; i >= 0; i--) n = n * 256 + (bytes[i] as number)
  const last = bytes[bytes.length - 1] as number
  if (last & 0x80) return -(n - 0x80 * 256 ** (bytes.length - 1))
  return n
}

/** BIP66 strict DER with a hashtype byte, as Core's IsValidSignatureEncoding. */
export function isDerSignature(sig: Uint8Array): boolean {
  if (sig.length < 9 || sig.length > 73) return false
  if (sig[0] !== 0x30 || sig[1] !== sig.length - 3) return false
  const lenR = sig[3] as number
  if (5 + lenR >= sig.length) return false
  const lenS = sig[5 + lenR] as number
  if (lenR + lenS + 7 !== sig.length) return false
  if (sig[2] !== 0x02 || lenR === 0 || (sig[4] as number) & 0x80) return false
  if (lenR > 1 && sig[4] === 0x00 && !((sig[5] as number) & 0x80)) return false
  if (sig[lenR + 4] !== 0x02 || lenS === 0 || (sig[lenR + 6] as number) & 0x80) return false
  if (lenS > 1 && sig[lenR + 6] === 0x00 && !((sig[lenR + 7] as number) & 0x80)) return false
  return true
}

const SIGHASH_NAMES: Record<number, string> = {
  1: 'ALL',
  2: 'NONE',
  3: 'SINGLE',
  129: 'ALL|ANYONECANPAY',
  130: 'NONE|ANYONECANPAY',
  131: 'SINGLE|ANYONECANPAY',
}

/**
 * Bitcoin Core's ScriptToAsmStr: pushes of up to 4 bytes print as numbers, longer ones as hex, and in a scriptSig
 * (`sighashDecode`) a push that is a strict-DER signature prints its hashtype as `[ALL]` and so on.
 */
export function scriptAsm(script: Uint8Array, sighashDecode = false): string {
  const { ops, ok } = parseScript(script)
  const unspendable = script.length > 0 && script[0] === 0x6a
  const words = ops.map(({ opcode, data }) => {
    if (data === undefined) return opName(opcode)
    if (data.length <= 4) return String(scriptNum(data))
    if (sighashDecode && !unspendable && isDerSignature(data)) {
      const name = SIGHASH_NAMES[data[data.length - 1] as number]
      if (name !== undefined) return `${hex.encode(data.subarray(0, -1))}[${name}]`
    }
    return hex.encode(data)
  })
  if (!ok) words.push('[error]')
  return words.join(' ')
}
