// BIP380's descriptor checksum, as Bitcoin Core appends it after `#`.
const INPUT_CHARSET =
  '0123456789()[],\'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#"\\ '
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
const GENERATOR = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn]

function polymod(symbols: number[]): bigint {
  let chk = 1n
  for (const value of symbols) {
    const top = chk >> 35n
    chk = ((chk & 0x7ffffffffn) << 5n) ^ BigInt(value)
    for (let i = 0; i < 5; i++) if ((top >> BigInt(i)) & 1n) chk ^= GENERATOR[i] as bigint
  }
  return chk
}

function expand(s: string): number[] {
  const symbols: number[] = []
  let groups: number[] = []
  for (const c of s) {
    const v = INPUT_CHARSET.indexOf(c)
    if (v < 0) throw new TypeError(`descriptor character ${JSON.stringify(c)} is outside BIP380's charset`)
    symbols.push(v & 31)
    groups.push(v >> 5)
    if (groups.length === 3) {
      symbols.push((groups[0] as number) * 9 + (groups[1] as number) * 3 + (groups[2] as number))
      groups = []
    }
  }
  if (groups.length === 1) symbols.push(groups[0] as number)
  if (groups.length === 2) symbols.push((groups[0] as number) * 3 + (groups[1] as number))
  return symbols
}

/** `desc#checksum`, e.g. `raw(deadbeef)#89f8spxm`. */
export function withDescriptorChecksum(desc: string): string {
  const c = polymod([...expand(desc), 0, 0, 0, 0, 0, 0, 0, 0]) ^ 1n
  let out = ''
  for (let i = 0; i < 8; i++) out += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - i))) & 31n)]
  return `${desc}#${out}`
}
