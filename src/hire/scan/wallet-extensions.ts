import { readFileSync } from 'node:fs'

/** Known wallet extension ids (src/hire/data/wallet-extensions.json) to their names. */
export function loadWalletExtensions(): Map<string, string> {
  const file = JSON.parse(readFileSync(new URL('../data/wallet-extensions.json', import.meta.url), 'utf8')) as {
    extensions: Array<{ id: string; name: string }>
  }
  return new Map(file.extensions.map((e) => [e.id, e.name]))
}
