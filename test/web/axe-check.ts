import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

/**
 * Runs axe-core in the page (WCAG 2.x A and AA rules) and returns the serious and critical violations, each with the
 * elements it found, so that a failing assertion names what to fix.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, which the page's Content-Security-Policy does not govern: the app is
  // checked running under its real policy, with no test-only exception to it.
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    // The callback runs in the browser, where axe is the global the script tag above defined (the test's own
    // TypeScript has no DOM types, so the global object is reached untyped).
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const g = globalThis as any
    const r = await g.axe.run(g.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return (r.violations as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[]).map(
      (v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }),
    )
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
