import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { DragnetError } from '../../core/errors.ts'
import { loadApplicantDir, loadApplicantFile } from './load-applicants.ts'
import { parseApplicantJson } from './parse-applicant.ts'

const fx = (p: string): string => fileURLToPath(new URL(`../fixtures/applicants/${p}`, import.meta.url))
const code = (c: string) => (e: unknown) => e instanceof DragnetError && e.code === c

describe('applicant records', () => {
  it('loads a valid record', () => {
    const [a] = loadApplicantFile(fx('clean.json'))
    assert.equal(a?.id, 'clean-001')
    assert.equal(a?.identity.claimedLocation.timeZone, 'America/Chicago')
  })

  it('rejects malformed JSON with HIRE_INVALID_APPLICANT', () => {
    assert.throws(() => loadApplicantFile(fx('malformed.json')), code('HIRE_INVALID_APPLICANT'))
  })

  it('names the bad field of an invalid record', () => {
    assert.throws(
      () => loadApplicantFile(fx('invalid-fields.json')),
      (e: unknown) =>
        e instanceof DragnetError &&
        e.code === 'HIRE_INVALID_APPLICANT' &&
        (e.details.problems as string[]).includes(
          'identity.claimedLocation.timeZone: expected an IANA time zone name such as America/Chicago',
        ),
    )
  })

  it('rejects a document hash that is not SHA-256', () => {
    const bad = {
      id: 'x',
      identity: { name: 'A B', claimedLocation: { country: 'US', timeZone: 'UTC' } },
      documents: [{ kind: 'photo', sha256: 'abc' }],
    }
    assert.throws(() => parseApplicantJson(JSON.stringify(bad)), code('HIRE_INVALID_APPLICANT'))
  })

  it('fails with FILE_NOT_FOUND for a missing file or folder', () => {
    assert.throws(() => loadApplicantFile(fx('nope.json')), code('FILE_NOT_FOUND'))
    assert.throws(() => loadApplicantDir(fx('no-such-dir')), code('FILE_NOT_FOUND'))
  })

  it('loads a folder in name order', () => {
    assert.deepEqual(
      loadApplicantDir(fx('pool')).map((a) => a.id),
      ['cluster-b', 'cluster-c', 'unrelated-d'],
    )
  })
})
