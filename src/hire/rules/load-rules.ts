import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { builtinChecks } from './check-registry.ts'
import type { RuleSet } from './rule-types.ts'

const ruleSetSchema = z.object({
  version: z.number(),
  sources: z.record(
    z.string(),
    z.object({ title: z.string(), publisher: z.string(), date: z.string(), url: z.string().url() }),
  ),
  rules: z.array(
    z.object({
      id: z.string().regex(/^[A-Z0-9-]+$/),
      check: z.string(),
      weight: z.number().min(0).max(100),
      signal: z.string().min(1),
      sources: z.array(z.string()).min(1),
      params: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
})

/** The red-flag rules shipped with Dragnet (src/hire/data/red-flag-rules.json). */
export const DEFAULT_RULES_PATH = new URL('../data/red-flag-rules.json', import.meta.url)

/** Validates a rule set: every rule must name a known check and cite at least one defined source. */
export function parseRuleSet(value: unknown, origin: string): RuleSet {
  const parsed = ruleSetSchema.safeParse(value)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    throw new DragnetError('HIRE_INVALID_DATA', `rule file ${origin}: ${first?.path.join('.')}: ${first?.message}`, {
      details: { origin },
    })
  }
  const checks = builtinChecks()
  const seen = new Set<string>()
  for (const rule of parsed.data.rules) {
    const problem = !checks.has(rule.check)
      ? `unknown check ${rule.check}`
      : rule.sources.find((s) => parsed.data.sources[s] === undefined) !== undefined
        ? 'cites an undefined source'
        : seen.has(rule.id)
          ? 'duplicate id'
          : undefined
    if (problem) {
      throw new DragnetError('HIRE_INVALID_DATA', `rule file ${origin}: rule ${rule.id}: ${problem}`, {
        details: { origin, rule: rule.id },
      })
    }
    seen.add(rule.id)
  }
  return parsed.data
}

/** Loads a rule file (the shipped one by default). */
export function loadRuleSet(path: string | URL = DEFAULT_RULES_PATH): RuleSet {
  const origin = String(path)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new DragnetError('FILE_NOT_FOUND', `cannot read rule file ${origin}`, { details: { origin }, cause: error })
  }
  try {
    return parseRuleSet(JSON.parse(text), origin)
  } catch (error) {
    if (error instanceof DragnetError) throw error
    throw new DragnetError('HIRE_INVALID_DATA', `rule file ${origin} is not valid JSON`, { cause: error })
  }
}
