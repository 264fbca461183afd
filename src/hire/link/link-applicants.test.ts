import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Applicant } from '../applicant/applicant.ts'
import { linkApplicants } from './link-applicants.ts'
import { createMinHasher, estimateSimilarity, minhashSignature, shingleHashes } from './minhash.ts'

const person = (id: string, extra: Partial<Applicant> = {}): Applicant => ({
  id,
  identity: { name: id, claimedLocation: { country: 'US', timeZone: 'UTC' } },
  ...extra,
})

describe('linkApplicants', () => {
  it('joins applicants through a chain of different shared identifiers', () => {
    const r = linkApplicants([
      person('a', { contacts: { emails: ['Same@Example.com'] } }),
      person('b', { contacts: { emails: ['same@example.com '], phones: ['+1 (555) 0100-200'] } }),
      person('c', { contacts: { phones: ['15550100200'] } }),
      person('d', { contacts: { emails: ['other@example.com'] } }),
    ])
    assert.equal(r.applicants, 4)
    assert.deepEqual(r.clusters, [
      {
        members: ['a', 'b', 'c'],
        shared: [
          { kind: 'email', value: 'Same@Example.com', members: ['a', 'b'] },
          { kind: 'phone', value: '+1 (555) 0100-200', members: ['b', 'c'] },
        ],
        similarResumes: [],
      },
    ])
  })

  it('links by document hash and shipping address, ignoring case and abbreviations', () => {
    const h = 'ab'.repeat(32)
    const r = linkApplicants([
      person('a', { documents: [{ kind: 'photo', sha256: h.toUpperCase() }] }),
      person('b', { documents: [{ kind: 'photo', sha256: h }], contacts: { shippingAddress: '1 Main Street, Apt 2' } }),
      person('c', { contacts: { shippingAddress: '1 main st apartment 2' } }),
    ])
    assert.deepEqual(
      r.clusters.map((c) => [c.members, c.shared.map((s) => s.kind)]),
      [
        [
          ['a', 'b', 'c'],
          ['document', 'shipping-address'],
        ],
      ],
    )
  })

  it('keeps the first record when an id repeats', () => {
    const r = linkApplicants([person('a'), person('a', { contacts: { emails: ['x@example.com'] } })])
    assert.equal(r.applicants, 1)
    assert.deepEqual(r.clusters, [])
  })

  it('does not link unrelated resumes', () => {
    const r = linkApplicants([
      person('a', {
        resume: 'Frontend developer building accessible React interfaces for banking customers since 2015.',
      }),
      person('b', {
        resume: 'Site reliability engineer running Kubernetes clusters and on-call rotations for a media company.',
      }),
    ])
    assert.deepEqual(r.clusters, [])
  })
})

describe('minhash', () => {
  it('gives 1 for identical texts and ignores case and punctuation', () => {
    const h = createMinHasher()
    const x = minhashSignature(h, shingleHashes('One two three four five six seven.'))
    const y = minhashSignature(h, shingleHashes('one, two THREE four five six seven'))
    assert.equal(estimateSimilarity(x, y), 1)
  })

  it('counts distinct 3-word shingles', () => {
    assert.equal(shingleHashes('a b c d a b c').length, 4)
  })
})
