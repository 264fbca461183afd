import type { Applicant } from '../applicant/applicant.ts'
import type { LinkEvidence } from '../rules/rule-types.ts'
import { identifierKeys, type LinkKind } from './identifier-keys.ts'
import { createMinHasher, estimateSimilarity, minhashSignature, shingleHashes } from './minhash.ts'
import { UnionFind } from './union-find.ts'

/** An identifier that several applicants of one cluster share. */
export interface SharedIdentifier {
  kind: LinkKind
  value: string
  members: string[]
}

/** Two applicants whose resumes are near-identical (estimated Jaccard similarity of word 3-shingles). */
export interface ResumeLink {
  a: string
  b: string
  similarity: number
}

/** Applicants joined, directly or through each other, by shared identifiers or resumes, and what joins them. */
export interface Cluster {
  members: string[]
  shared: SharedIdentifier[]
  similarResumes: ResumeLink[]
}

export interface LinkResult {
  applicants: number
  clusters: Cluster[]
}

export interface LinkOptions {
  /** Minimum estimated similarity for two resumes to link (default 0.8). */
  resumeThreshold?: number
  /** LSH banding: bands x rows hash functions; 20 x 6 puts the 50% candidate point near 0.6. */
  bands?: number
  rows?: number
  /** Resumes with fewer distinct shingles are too short to compare (default 8). */
  minShingles?: number
}

interface Group {
  kind: LinkKind
  shown: string
  idx: number[]
}

/** Groups applicants by exactly shared identifiers. */
function sharedGroups(list: Applicant[]): Group[] {
  const groups = new Map<string, Group>()
  list.forEach((a, i) => {
    for (const k of identifierKeys(a)) {
      const key = `${k.kind}\u0000${k.canonical}`
      const g = groups.get(key)
      if (g === undefined) groups.set(key, { kind: k.kind, shown: k.shown, idx: [i] })
      else if (g.idx[g.idx.length - 1] !== i) g.idx.push(i)
    }
  })
  return [...groups.values()].filter((g) => g.idx.length > 1)
}

/** Finds near-identical resumes with MinHash and LSH banding, verifying every candidate pair on the signature. */
function resumePairs(list: Applicant[], options: LinkOptions): Array<[number, number, number]> {
  const bands = options.bands ?? 20
  const rows = options.rows ?? 6
  const threshold = options.resumeThreshold ?? 0.8
  const hasher = createMinHasher(bands * rows)
  const sigs: Array<Uint32Array | undefined> = list.map((a) => {
    if (a.resume === undefined) return undefined
    const sh = shingleHashes(a.resume)
    return sh.length >= (options.minShingles ?? 8) ? minhashSignature(hasher, sh) : undefined
  })
  const pairs: Array<[number, number, number]> = []
  const checked = new Set<number>()
  const n = list.length
  const verify = (i: number, j: number): void => {
    const [x, y] = i < j ? [i, j] : [j, i]
    const key = x * n + y
    if (checked.has(key)) return
    checked.add(key)
    const s = estimateSimilarity(sigs[x]!, sigs[y]!)
    if (s >= threshold) pairs.push([x, y, s])
  }
  for (let b = 0; b < bands; b++) {
    const buckets = new Map<number, number[]>()
    for (let i = 0; i < n; i++) {
      const sig = sigs[i]
      if (sig === undefined) continue
      let h = 0x811c9dc5 ^ b
      for (let r = b * rows; r < (b + 1) * rows; r++) h = Math.imul(h ^ sig[r]!, 0x01000193)
      const bucket = buckets.get(h)
      if (bucket === undefined) buckets.set(h, [i])
      else bucket.push(i)
    }
    for (const bucket of buckets.values()) {
      if (bucket.length < 2) continue
      // Small buckets are compared pairwise; a huge bucket (a template resume) is compared as a star
      // around its first member, which keeps the cost linear and still joins everyone into one cluster.
      if (bucket.length <= 32) {
        for (let p = 0; p < bucket.length; p++)
          for (let q = p + 1; q < bucket.length; q++) verify(bucket[p]!, bucket[q]!)
      } else {
        for (let q = 1; q < bucket.length; q++) verify(bucket[0]!, bucket[q]!)
      }
    }
  }
  return pairs
}

/**
 * Links applicants who share an email, phone, shipping address, document or photo hash, or wallet,
 * or whose resumes are near-identical, and reports each cluster with what links it.
 */
export function linkApplicants(applicants: Applicant[], options: LinkOptions = {}): LinkResult {
  const seen = new Set<string>()
  const list = applicants.filter((a) => {
    if (seen.has(a.id)) return false
    seen.add(a.id)
    return true
  })
  const uf = new UnionFind(list.length)
  const groups = sharedGroups(list)
  for (const g of groups) for (let k = 1; k < g.idx.length; k++) uf.union(g.idx[0]!, g.idx[k]!)
  const pairs = resumePairs(list, options)
  for (const [x, y] of pairs) uf.union(x, y)

  const byRoot = new Map<number, Cluster>()
  const clusterOf = (i: number): Cluster => {
    const root = uf.find(i)
    let c = byRoot.get(root)
    if (c === undefined) {
      c = { members: [], shared: [], similarResumes: [] }
      byRoot.set(root, c)
    }
    return c
  }
  const id = (i: number): string => list[i]!.id
  for (const g of groups) {
    clusterOf(g.idx[0]!).shared.push({ kind: g.kind, value: g.shown, members: g.idx.map(id).sort() })
  }
  for (const [x, y, s] of pairs) {
    const [a, b] = [id(x), id(y)].sort() as [string, string]
    clusterOf(x).similarResumes.push({ a, b, similarity: Math.round(s * 1000) / 1000 })
  }
  for (let i = 0; i < list.length; i++) {
    const c = byRoot.get(uf.find(i))
    if (c !== undefined) c.members.push(id(i))
  }
  const clusters = [...byRoot.values()]
  for (const c of clusters) {
    c.members.sort()
    c.shared.sort((p, q) => p.kind.localeCompare(q.kind) || p.value.localeCompare(q.value))
    c.similarResumes.sort((p, q) => p.a.localeCompare(q.a) || p.b.localeCompare(q.b))
  }
  clusters.sort((p, q) => q.members.length - p.members.length || p.members[0]!.localeCompare(q.members[0]!))
  return { applicants: list.length, clusters }
}

/** The cluster an applicant belongs to, if any. */
export function clusterOf(result: LinkResult, applicantId: string): Cluster | undefined {
  return result.clusters.find((c) => c.members.includes(applicantId))
}

/** What the applicant shares with each other member of its cluster, as evidence for the linked-applicants rule. */
export function linkEvidenceFor(result: LinkResult, applicantId: string): LinkEvidence[] {
  const c = clusterOf(result, applicantId)
  if (c === undefined) return []
  const out: LinkEvidence[] = []
  for (const s of c.shared) {
    if (!s.members.includes(applicantId)) continue
    for (const other of s.members) if (other !== applicantId) out.push({ otherId: other, kind: s.kind, value: s.value })
  }
  for (const r of c.similarResumes) {
    if (r.a !== applicantId && r.b !== applicantId) continue
    const other = r.a === applicantId ? r.b : r.a
    out.push({ otherId: other, kind: 'resume', value: `${Math.round(r.similarity * 100)}% similar` })
  }
  return out
}
