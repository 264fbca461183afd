import { main } from '../../src/cli/main.ts'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the dragnet CLI in this process with its output captured; the test runner's own stdout is untouched. */
export async function runCli(args: string[]): Promise<CliRun> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(args, { out: (t) => void out.push(t), err: (t) => void err.push(t), interactive: false })
  return { code, stdout: out.join(''), stderr: err.join('') }
}

/** Parses the JSON error object the CLI prints on stderr with --json. */
export function errorOf(run: CliRun): { code: string; message: string; details: Record<string, unknown> } {
  const line = run.stderr
    .trim()
    .split('\n')
    .find((l) => l.startsWith('{"error"'))
  if (!line) throw new Error(`no JSON error in stderr: ${run.stderr}`)
  return (JSON.parse(line) as { error: { code: string; message: string; details: Record<string, unknown> } }).error
}
