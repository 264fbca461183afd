/** Parses a dotted IPv4 address; undefined unless every octet is 0-255. */
export function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : -1))
  return octets.every((o) => o >= 0 && o <= 255) ? octets : undefined
}

/**
 * True for addresses that do not leave the machine or the local network: loopback, private, link-local,
 * unspecified, CGNAT, multicast and broadcast. Documentation ranges (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24) count as public on purpose: they stand for public hosts in examples and test fixtures.
 */
export function isLocalIpv4(o: number[]): boolean {
  const [a, b] = [o[0]!, o[1]!]
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a >= 224
  )
}
