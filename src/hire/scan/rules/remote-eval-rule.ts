import type { FileRule } from './file-rule.ts'
import { findingAt } from './file-rule.ts'

const SINK =
  /\beval\s*\(|\bnew\s+Function\s*\(|(?<![\w.$])Function\s*\(|\bvm\.(?:runIn\w*|Script|compileFunction)\b|\brunIn(?:New|This)Context\s*\(/g
const PREFILTER = /eval|Function|runIn|vm\.|child_process/
const EVAL_WORDS = /eval|Function|runIn|vm\./
const SHELL_SINK = /\b(?:execSync|execFileSync|exec|execFile|spawn|spawnSync|fork)\s*\(/g
const NETWORK =
  /\bfetch\s*\(|\baxios\b|\bhttps?\.(?:get|request)\s*\(|\brequest\s*\(|\bgot\s*\(|XMLHttpRequest|\bnet\.connect\s*\(|\bnew\s+WebSocket\s*\(|\bsocket\.io-client\b/

const BINDING =
  /(?:(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*['"](?:node:)?child_process['"]\s*\)|import\s+(?:\*\s+as\s+)?(\w+)\s+from\s+['"](?:node:)?child_process['"])/g

/** Names bound to the child_process module (`const cp = require('child_process')`, `import * as cp from ...`). */
function childProcessBindings(t: string): Set<string> {
  const names = new Set<string>()
  for (const m of t.matchAll(BINDING)) names.add((m[1] ?? m[2])!)
  return names
}

/** For `x.exec(`: true only when `x` is a child_process binding, so regex `.exec()` calls do not count. */
function calledOnChildProcess(t: string, index: number, modules: Set<string>): boolean {
  const m = /(\w+)\s*\.$/.exec(t.slice(Math.max(0, index - 64), index))
  return m !== null && (modules.has(m[1]!) || m[1] === 'child_process')
}

/**
 * Code that fetches something and evaluates or executes code in the same file: the loader shape of
 * BeaverTail-style coding tests. A sink with no fetch in the file is reported low (bundlers and polyfills do that).
 */
export const remoteEvalRule: FileRule = (file, _ctx, out) => {
  const t = file.text
  // One alternation is several times faster than four includes() on code that has none of the words.
  if (!PREFILTER.test(t)) return
  const hasEval = EVAL_WORDS.test(t)
  const hasShell = t.includes('child_process')
  const net = NETWORK.exec(t)
  const where = net === null ? '' : ` and fetches remote content (${net[0].trim()})`
  let count = 0
  if (hasEval) {
    for (const m of t.matchAll(SINK)) {
      const sev = net === null ? 'low' : 'high'
      out.push(
        findingAt(file, m.index, 'SCAN-REMOTE-EVAL', sev, `evaluates code with ${m[0].replace(/\s*\($/, '')}${where}`),
      )
      if (++count >= 20) return
    }
  }
  if (hasShell && net !== null) {
    const modules = childProcessBindings(t)
    for (const m of t.matchAll(SHELL_SINK)) {
      if (t[m.index - 1] === '.' && !calledOnChildProcess(t, m.index, modules)) continue
      out.push(
        findingAt(
          file,
          m.index,
          'SCAN-REMOTE-EVAL',
          'medium',
          `runs a process with ${m[0].replace(/\s*\($/, '')}${where}`,
        ),
      )
      if (++count >= 20) return
    }
  }
}
