import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Command } from 'commander'
import { fileBytes } from '../../cases/evidence/build-evidence-package.ts'
import type { EvidencePackage } from '../../cases/evidence/evidence-types.ts'
import { verifyEvidencePackage } from '../../cases/evidence/verify-evidence-package.ts'
import { DragnetError } from '../../core/errors.ts'
import { cliIO } from '../io.ts'
import { printJson } from '../options.ts'

function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new DragnetError('FILE_NOT_FOUND', `no ${what} at ${path}`, { details: { path } })
  return readFileSync(path, 'utf8')
}

function parsePackage(text: string, path: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new DragnetError(
      'EVIDENCE_MALFORMED',
      `${path} is not JSON: an evidence package is the JSON the API serves`,
      {
        details: { path },
        cause: error,
      },
    )
  }
}

interface VerifyOptions {
  publicKey?: string
  extract?: string
  json?: boolean
}

/** `dragnet evidence verify PACKAGE`: checks the signature and every file's hash of a freeze request's evidence. */
export function registerEvidence(program: Command): void {
  const evidence = program.command('evidence').description('Evidence packages of freeze requests (docs/server.md)')
  evidence
    .command('verify')
    .description(
      "Check an evidence package: the organisation's Ed25519 signature over the manifest and every file's SHA-256",
    )
    .argument('<package>', 'the package as served by GET …/freeze-requests/{id}/evidence (JSON)')
    .option('--public-key <file>', "the sender's public key (PEM), to require that the package is signed by it")
    .option('--extract <dir>', 'after a successful check, write the files into this folder')
    .option('--json', 'print the result as JSON')
    .action(async (path: string, o: VerifyOptions) => {
      const pkg = parsePackage(readText(path, 'evidence package'), path)
      const trustedKey = o.publicKey === undefined ? undefined : readText(o.publicKey, 'public key')
      const check = verifyEvidencePackage(pkg, trustedKey === undefined ? {} : { trustedKey })
      if (o.extract !== undefined) {
        mkdirSync(o.extract, { recursive: true })
        // Names come from the package: keep only the last path part, so no file lands outside the folder.
        for (const f of (pkg as EvidencePackage).files) writeFileSync(join(o.extract, basename(f.name)), fileBytes(f))
      }
      if (o.json) {
        printJson({ ok: true, ...check })
        return
      }
      const io = cliIO()
      io.out(
        `ok: ${check.files.length} files match the manifest signed by ${check.organisation.name} ` +
          `(${check.organisation.id}) on ${check.createdAt}\n` +
          `incident ${check.incidentId}, freeze request ${check.freezeRequestId}\n` +
          `key ${check.keyId}, fingerprint ${check.fingerprint}` +
          (check.keyPinned ? ' (the key given with --public-key)\n' : '\n'),
      )
      for (const f of check.files) io.out(`  ${f.sha256}  ${f.bytes.toString().padStart(8)}  ${f.name}\n`)
      if (!check.keyPinned) {
        io.out(
          'The key is the one the package carries: compare its fingerprint with the one the sender publishes ' +
            '(GET /v1/organisations/{id}/signing-key), or pass --public-key.\n',
        )
      }
    })
}
