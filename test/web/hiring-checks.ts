import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'

const FIXTURES = join('src', 'hire', 'fixtures')
const RULES = JSON.parse(readFileSync(join('src', 'hire', 'data', 'red-flag-rules.json'), 'utf8')) as {
  sources: Record<string, { title: string }>
  rules: { id: string; weight: number; sources: string[] }[]
}

/**
 * The hiring page on the fixture applicant cluster-a, linked against the pool: the three share payroll wallet
 * 0x…C1A5 and near-identical résumés (src/hire/fixtures), so only HIRE-LINKED-APPLICANTS fires; its weight and
 * sources come from the rules file, and 30 is a medium band (25-49, docs/hire.md).
 */
export async function checkApplicant(page: Page): Promise<void> {
  await page.getByLabel('or an applicant file').setInputFiles(join(FIXTURES, 'applicants', 'cluster-a.json'))
  // The file is read asynchronously into the text box: wait for it there.
  await page.waitForFunction(() =>
    // biome-ignore lint/suspicious/noExplicitAny: runs in the browser, whose types the test lacks
    String((globalThis as any).document.getElementById('applicant-json')?.value).includes('"cluster-a"'),
  )
  const pool = ['cluster-b.json', 'cluster-c.json', 'unrelated-d.json'].map((f) =>
    join(FIXTURES, 'applicants', 'pool', f),
  )
  await page.getByLabel('Other applicants to link against (JSON files)').setInputFiles(pool)
  await page.getByText('Linking against cluster-b.json, cluster-c.json, unrelated-d.json.').waitFor()
  await page.getByRole('button', { name: 'Check applicant' }).click()
  const report = page.locator('section[aria-labelledby="applicant-report"]')
  await report.waitFor({ timeout: 60_000 })
  const rule = RULES.rules.find((r) => r.id === 'HIRE-LINKED-APPLICANTS')
  assert.ok(rule)
  assert.equal(
    (await report.locator('#applicant-report').textContent())?.replace(/\s+/g, ' '),
    `Applicant cluster-a: score ${rule.weight} of 100, medium`,
  )
  const fired = await report
    .locator('ul.signals > li')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))
  assert.deepEqual(fired, ['HIRE-LINKED-APPLICANTS'])
  const signal = (await report.locator('li[data-rule="HIRE-LINKED-APPLICANTS"]').textContent()) ?? ''
  for (const id of rule.sources) assert.ok(signal.includes(RULES.sources[id]?.title ?? '?'), `source ${id}`)
  assert.match(signal, /0x000000000000000000000000000000000000C1A5/i)
  const linked = await report.locator('.linked-id').allTextContents()
  assert.deepEqual(linked, ['cluster-b', 'cluster-c'])
  assert.match(
    (await report.textContent()) ?? '',
    /shared wallet 0x000000000000000000000000000000000000C1A5 by cluster-a, cluster-b, cluster-c/i,
  )
}

/** Each technique folder of the scanner's fixture repository and the rule that must flag it (docs/hire.md). */
const TECHNIQUES: [string, string][] = [
  ['lifecycle/package.json', 'SCAN-LIFECYCLE-SCRIPT'],
  ['remote-eval/loader.js', 'SCAN-REMOTE-EVAL'],
  ['obfuscated/bundle.js', 'SCAN-OBFUSCATED'],
  ['hidden/config.js', 'SCAN-HIDDEN-WHITESPACE'],
  ['encoded/strings.js', 'SCAN-ENCODED-URL'],
  ['.vscode/tasks.json', 'SCAN-VSCODE-AUTORUN'],
  ['wallet/paths.js', 'SCAN-WALLET-STORAGE'],
  ['malicious-dep/package.json', 'SCAN-MALICIOUS-DEPENDENCY'],
  ['beacon/ping.js', 'SCAN-RAW-IP-BEACON'],
]

/** The scan of the techniques fixture packed as a .tgz: every technique reported at its file, and the archive's hash. */
export async function checkRepoScan(page: Page): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-scan-'))
  try {
    const archive = join(dir, 'take-home.tgz')
    execFileSync('tar', ['-czf', archive, '-C', join(FIXTURES, 'repos'), 'techniques'])
    const sha = createHash('sha256').update(readFileSync(archive)).digest('hex')
    await page.getByLabel('Repository or package archive', { exact: false }).setInputFiles(archive)
    await page.getByRole('button', { name: 'Scan archive' }).click()
    const report = page.locator('section[aria-labelledby="scan-report"]')
    await report.waitFor({ timeout: 60_000 })
    const head = (await report.textContent()) ?? ''
    assert.match(head, /Scan of take-home\.tgz: highest high/)
    assert.ok(head.includes(sha), 'the SHA-256 of the uploaded archive')
    for (const [file, ruleId] of TECHNIQUES) {
      const rows = await report.locator(`tr[data-rule="${ruleId}"]`).allTextContents()
      assert.ok(
        rows.some((r) => r.includes(`techniques/${file}:`)),
        `${ruleId} at ${file}: ${rows.join(' | ')}`,
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
