// Builds the web app (web/ -> web/dist) as part of `npm install` / `npm ci` (the `prepare` script), so README's
// install command leaves `dragnet serve` ready to serve it. Vite is a dev dependency: an install without dev
// dependencies skips the build and says so; `dragnet serve` then answers / with WEB_NOT_BUILT.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'web')
let vite
try {
  vite = await import('vite')
} catch {
  process.stdout.write('dragnet: vite is not installed (no dev dependencies); the web app is not built\n')
  process.exit(0)
}
if (!existsSync(join(root, 'index.html'))) process.exit(0)
await vite.build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
process.stdout.write(`dragnet: web app built into ${join(root, 'dist')}\n`)
