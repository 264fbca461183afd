import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DragnetError } from '../../core/errors.ts'
import type { Applicant } from './applicant.ts'
import { parseApplicant, parseApplicantJson } from './parse-applicant.ts'

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new DragnetError('FILE_NOT_FOUND', `cannot read ${path}`, { details: { path }, cause: error })
  }
}

/** Loads one applicant file; the file may hold one record or an array of records. */
export function loadApplicantFile(path: string): Applicant[] {
  const text = readText(path)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return [parseApplicantJson(text, path)]
  }
  if (Array.isArray(value)) return value.map((v, i) => parseApplicant(v, `${path}[${i}]`))
  return [parseApplicant(value, path)]
}

/** Loads every *.json applicant file in a folder (not recursive), in name order. */
export function loadApplicantDir(dir: string): Applicant[] {
  let names: string[]
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory')
    names = readdirSync(dir).sort()
  } catch (error) {
    throw new DragnetError('FILE_NOT_FOUND', `cannot read applicant folder ${dir}`, { details: { dir }, cause: error })
  }
  return names.filter((n) => n.endsWith('.json')).flatMap((n) => loadApplicantFile(join(dir, n)))
}
