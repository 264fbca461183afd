import type { Cluster } from '../link/link-applicants.ts'
import type { ScreenReport } from './screen-applicant.ts'

/** Renders a cluster as indented lines: members, then each shared identifier and similar resume pair. */
export function renderCluster(c: Cluster, indent = ''): string[] {
  const lines = [`${indent}cluster of ${c.members.length}: ${c.members.join(', ')}`]
  for (const s of c.shared) lines.push(`${indent}  shared ${s.kind} ${s.value}: ${s.members.join(', ')}`)
  for (const r of c.similarResumes) {
    lines.push(`${indent}  resume ${r.a} ~ ${r.b}: ${Math.round(r.similarity * 100)}% similar`)
  }
  return lines
}

/** The human-readable screening report: score, each signal with evidence and sources, links. */
export function renderScreenTable(r: ScreenReport): string {
  const lines = [`applicant ${r.applicantId}: score ${r.score}/100 (${r.band})`, r.advisory, '']
  if (r.signals.length === 0) lines.push('no red-flag signal fired')
  for (const s of r.signals) {
    lines.push(`[+${s.weight}] ${s.ruleId}: ${s.signal}`)
    for (const e of s.evidence) lines.push(`    evidence: ${e}`)
    for (const src of s.sources) lines.push(`    source: ${src.publisher}, "${src.title}" (${src.date}) ${src.url}`)
  }
  if (r.passed.length > 0) {
    lines.push('', 'checked and passed:')
    for (const p of r.passed) lines.push(`  ${p.ruleId}: ${p.detail}`)
  }
  if (r.notEvaluated.length > 0) {
    lines.push('', 'not evaluated:')
    for (const n of r.notEvaluated) lines.push(`  ${n.ruleId}: ${n.reason}`)
  }
  if (r.cluster !== undefined) lines.push('', 'linked applicants:', ...renderCluster(r.cluster, '  '))
  return `${lines.join('\n')}\n`
}
