import { createHash } from 'node:crypto'

const hex = (uuid: string): Buffer => Buffer.from(uuid.replaceAll('-', ''), 'hex')

/** RFC 4122 version 5 UUID: SHA-1 of the namespace's 16 bytes and the name's UTF-8, version and variant set. */
export function uuidv5(namespace: string, name: string): string {
  const digest = createHash('sha1').update(hex(namespace)).update(name, 'utf8').digest()
  const b = digest.subarray(0, 16)
  b[6] = ((b[6] as number) & 0x0f) | 0x50
  b[8] = ((b[8] as number) & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
