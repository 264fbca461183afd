import type { Finding, ScanContext, Severity } from '../scan-types.ts'
import { excerptAt, lineOf } from '../text-lines.ts'

/** A file as the rules see it: its path and its bytes as a latin1 string (one char per byte). */
export interface TextFile {
  path: string
  text: string
}

export type FileRule = (file: TextFile, ctx: ScanContext, out: Finding[]) => void

/** Builds a finding at a character index of the file. */
export function findingAt(
  file: TextFile,
  index: number,
  rule: string,
  severity: Severity,
  message: string,
  excerpt?: string,
): Finding {
  return {
    file: file.path,
    line: lineOf(file.text, index),
    rule,
    severity,
    message,
    excerpt: excerpt ?? excerptAt(file.text, index),
  }
}

export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1)
