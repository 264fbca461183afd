// npm records a platform-specific optional dependency in package-lock.json only when the registry it installs
// from serves that platform's package; `npm ci` then refuses a lock that lacks the others. This adds the
// missing entries (name, version, os, cpu, libc; no tarball, which npm ci never fetches on another platform),
// so the lock installs on every platform. Run it after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs'

const path = 'package-lock.json'
const lock = JSON.parse(readFileSync(path, 'utf8'))
const packages = lock.packages
const OS = {
  darwin: 'darwin',
  linux: 'linux',
  win32: 'win32',
  windows: 'win32',
  android: 'android',
  freebsd: 'freebsd',
}
const CPU = { x64: 'x64', amd64: 'x64', arm64: 'arm64', aarch64: 'arm64', arm: 'arm', ia32: 'ia32' }

function platformOf(name) {
  const parts = name.split('/').pop().split('-')
  const os = parts.map((p) => OS[p]).find(Boolean)
  const cpu = parts.map((p) => CPU[p]).find(Boolean)
  if (!os || !cpu) return undefined
  const out = { os: [os], cpu: [cpu] }
  if (os === 'linux') out.libc = [parts.includes('musl') ? 'musl' : 'glibc']
  return out
}

let added = 0
for (const entry of Object.values(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const at = `node_modules/${dep}`
    if (packages[at]) continue
    const platform = platformOf(dep)
    if (!platform) continue
    packages[at] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform }
    added++
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
)
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`lock-platforms: added ${added} platform entries`)
