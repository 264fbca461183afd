import { gunzipSync } from 'node:zlib'
import { DragnetError } from '../../core/errors.ts'
import type { SourceFile } from './scan-types.ts'

const BLOCK = 512

const invalid = (message: string, details: Record<string, unknown> = {}, cause?: unknown): DragnetError =>
  new DragnetError('HIRE_INVALID_ARCHIVE', message, cause === undefined ? { details } : { details, cause })

function cString(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start)
  return buf.toString('utf8', start, end === -1 || end > start + length ? start + length : end)
}

function octal(buf: Buffer, start: number, length: number, offset: number): number {
  // Base-256 sizes (GNU, for files over 8 GiB) are refused: no coding test needs them.
  if ((buf[start]! & 0x80) !== 0) throw invalid('tar entry uses a base-256 number', { offset })
  const text = cString(buf, start, length).trim()
  if (text === '') return 0
  if (!/^[0-7]+$/.test(text)) throw invalid(`tar header has a bad number "${text}"`, { offset })
  return Number.parseInt(text, 8)
}

function checksumOk(header: Buffer, offset: number): boolean {
  const stored = octal(header, 148, 8, offset)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!
  return sum === stored
}

function paxPath(data: Buffer): string | undefined {
  const text = data.toString('utf8')
  const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text)
  return m?.[1]
}

/**
 * Reads the regular files of a tar archive held in memory: ustar, GNU long names and pax paths.
 * Nothing is written to disk, so entry paths (even "../x") are only labels for findings.
 */
export function readTar(buf: Buffer): SourceFile[] {
  const files: SourceFile[] = []
  let offset = 0
  let longName: string | undefined
  while (offset + BLOCK <= buf.length) {
    const header = buf.subarray(offset, offset + BLOCK)
    if (header.every((b) => b === 0)) return files
    if (!checksumOk(header, offset)) throw invalid('tar header checksum does not match', { offset })
    const size = octal(header, 124, 12, offset)
    const type = String.fromCharCode(header[156]!)
    const dataStart = offset + BLOCK
    if (dataStart + size > buf.length) throw invalid('tar archive is truncated', { offset, size })
    const data = buf.subarray(dataStart, dataStart + size)
    const prefix = header.toString('latin1', 257, 262) === 'ustar' ? cString(header, 345, 155) : ''
    const name = cString(header, 0, 100)
    if (type === 'L') longName = cString(data, 0, data.length)
    else if (type === 'x') longName = paxPath(data) ?? longName
    else if (type === '0' || type === '\0' || type === '7') {
      files.push({ path: longName ?? (prefix ? `${prefix}/${name}` : name), bytes: data })
      longName = undefined
    } else longName = undefined
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK
  }
  if (offset === 0) throw invalid('archive is empty or not a tar file')
  return files
}

/** Reads a .tgz (or plain .tar) held in memory, with node's zlib and the tar reader above. */
export function readTarball(buf: Buffer, maxBytes = 1 << 30): SourceFile[] {
  let tar = buf
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      tar = gunzipSync(buf, { maxOutputLength: maxBytes })
    } catch (error) {
      throw invalid('archive is not valid gzip', {}, error)
    }
  }
  return readTar(tar)
}
