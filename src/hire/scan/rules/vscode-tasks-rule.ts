import type { FileRule } from './file-rule.ts'
import { findingAt } from './file-rule.ts'

const RUN_ON_OPEN = /"runOn"\s*:\s*"folderOpen"/g

/** A .vscode/tasks.json task that VS Code runs as soon as the folder is opened (once the folder is trusted). */
export const vscodeTasksRule: FileRule = (file, _ctx, out) => {
  if (!file.path.endsWith('.vscode/tasks.json') && file.path !== 'tasks.json') return
  for (const m of file.text.matchAll(RUN_ON_OPEN)) {
    const before = file.text.lastIndexOf('"command"', m.index)
    const after = file.text.indexOf('"command"', m.index)
    const cmdAt = before !== -1 && m.index - before < 2000 ? before : after
    const cmd =
      cmdAt === -1 ? undefined : /"command"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(file.text.slice(cmdAt, cmdAt + 600))
    out.push(
      findingAt(
        file,
        m.index,
        'SCAN-VSCODE-AUTORUN',
        'high',
        `VS Code task runs on folder open${cmd ? `: ${cmd[1]}` : ''}`,
      ),
    )
  }
}
