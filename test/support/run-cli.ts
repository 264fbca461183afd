import { runInProcess } from '../../src/cli/main.ts'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the dragnet CLI in this process with its output captured; the test runner's own stdout is untouched. */
export async function runCli(args: string[]): Promise<CliRun> {
  const { code, out, err } = await runInProcess(args)
  return { code, stdout: out, stderr: err }
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
