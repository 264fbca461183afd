import type { FileRule } from './file-rule.ts'
import { findingAt } from './file-rule.ts'

const CREDENTIAL_STORE =
  /Local Extension Settings|Login Data|login\.keychain(?:-db)?|Library\/Keychains|security\s+find-generic-password|exodus\.wallet|solana\/id\.json|Local State/g

/** Names of browser wallet extensions' storage, browser password stores and keychains. */
export const walletStorageRule: FileRule = (file, ctx, out) => {
  const t = file.text
  let count = 0
  for (const m of t.matchAll(ctx.walletExtensionPattern)) {
    const name = ctx.walletExtensions.get(m[0])
    if (name === undefined) continue
    out.push(findingAt(file, m.index, 'SCAN-WALLET-STORAGE', 'high', `names the ${name} wallet extension (${m[0]})`))
    if (++count >= 20) return
  }
  for (const m of t.matchAll(CREDENTIAL_STORE)) {
    out.push(
      findingAt(
        file,
        m.index,
        'SCAN-CREDENTIAL-STORE',
        'high',
        `reads a browser or keychain credential store ("${m[0]}")`,
      ),
    )
    if (++count >= 20) return
  }
}
