import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'

const BIN = join(import.meta.dirname, '../../bin/dragnet.js')

/** `dragnet watch` (or any long-running command) as a child process, its stdout read line by line. */
export interface WatchChild {
  lines: string[]
  stderr: () => string
  /** Resolves once `n` lines are on stdout; rejects after `ms` or when the child exits first. */
  waitLines(n: number, ms?: number): Promise<string[]>
  /** Resolves with the first stdout line from index `from` on that `ok` accepts. */
  waitLine(ok: (line: string) => boolean, from?: number, ms?: number): Promise<string>
  /** Resolves once stderr holds `text`. */
  waitErr(text: string, ms?: number): Promise<void>
  /** SIGTERM, then the exit code (SIGKILL after 15 s). */
  stop(): Promise<number | null>
  exited: Promise<number | null>
  child: ChildProcess
}

export function spawnDragnet(args: string[], env: Record<string, string> = {}): WatchChild {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let buffer = ''
  let err = ''
  const ticks: (() => void)[] = []
  const tick = () => {
    for (const t of [...ticks]) t()
  }
  child.stdout?.setEncoding('utf8').on('data', (t: string) => {
    buffer += t
    let cut = buffer.indexOf('\n')
    while (cut >= 0) {
      lines.push(buffer.slice(0, cut))
      buffer = buffer.slice(cut + 1)
      cut = buffer.indexOf('\n')
    }
    tick()
  })
  child.stderr?.setEncoding('utf8').on('data', (t: string) => {
    err += t
    tick()
  })
  let done = false
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      done = true
      tick()
      resolve(code)
    }),
  )
  const waitUntil = (ok: () => boolean, what: string, ms: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (ok()) finish(resolve)
        else if (done) finish(() => reject(new Error(`child exited while waiting for ${what}; stderr:\n${err}`)))
      }
      const timer = setTimeout(
        () => finish(() => reject(new Error(`timed out waiting for ${what}; ${lines.length} lines; stderr:\n${err}`))),
        ms,
      )
      const finish = (f: () => void) => {
        clearTimeout(timer)
        const i = ticks.indexOf(check)
        if (i >= 0) ticks.splice(i, 1)
        f()
      }
      ticks.push(check)
      check()
    })
  return {
    lines,
    child,
    exited,
    stderr: () => err,
    waitLines: async (n, ms = 60_000) => {
      await waitUntil(() => lines.length >= n, `${n} lines`, ms)
      return lines.slice(0, n)
    },
    waitLine: async (ok, from = 0, ms = 60_000) => {
      const find = () => lines.slice(from).find(ok)
      await waitUntil(() => find() !== undefined, 'a matching line', ms)
      return find() as string
    },
    waitErr: (text, ms = 60_000) => waitUntil(() => err.includes(text), JSON.stringify(text), ms),
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}
