import { readFile, writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { type ApiTarget, callApi } from '../../share/api-client.ts'
import { StixSchemas } from '../../share/stix/stix-schemas.ts'
import { validateBundle } from '../../share/stix/validate-bundle.ts'
import { pullBundle } from '../../share/taxii/pull-to-file.ts'
import { pushObjects } from '../../share/taxii/taxii-client.ts'
import { cliIO } from '../io.ts'
import { choiceOption } from '../options.ts'

interface ServerFlags {
  server?: string
  key?: string
}

function apiTarget(o: ServerFlags): ApiTarget {
  const key = o.key ?? process.env.DRAGNET_API_KEY
  if (!key) throw new DragnetError('INVALID_ARGUMENT', 'an API key is needed: --key or DRAGNET_API_KEY')
  return { server: o.server ?? process.env.DRAGNET_SERVER ?? 'http://127.0.0.1:8080', key }
}

function taxiiKey(o: { taxiiKey?: string }): string {
  const key = o.taxiiKey ?? process.env.DRAGNET_TAXII_KEY
  if (!key)
    throw new DragnetError('INVALID_ARGUMENT', 'a key for the TAXII server is needed: --taxii-key or DRAGNET_TAXII_KEY')
  return key
}

async function readJson(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new DragnetError('FILE_NOT_FOUND', `no such file: ${path}`, { details: { path } })
    throw e
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new DragnetError('INVALID_ARGUMENT', `${path} is not JSON`, { details: { path } })
  }
}

async function emit(value: unknown, out: string | undefined): Promise<void> {
  const text = `${JSON.stringify(value, null, 2)}\n`
  if (out) await writeFile(out, text)
  else cliIO().out(text)
}

const SERVER = '--server <url>'
const SERVER_HELP = 'the Dragnet server (default $DRAGNET_SERVER or http://127.0.0.1:8080)'
const KEY_HELP = 'API key on that server (default $DRAGNET_API_KEY)'
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

function registerShareExport(share: Command): void {
  share
    .command('export')
    .description('Export an incident from a Dragnet server as a STIX 2.1 bundle or a MISP event')
    .requiredOption('--incident <id>', 'incident id')
    .option('--format <format>', 'stix or misp', choiceOption('--format', ['stix', 'misp'] as const), 'stix')
    .option('--out <file>', 'write to this file (default: stdout)')
    .option(SERVER, SERVER_HELP)
    .option('--key <key>', KEY_HELP)
    .action(async (o: ServerFlags & { incident: string; format: 'stix' | 'misp'; out?: string }) => {
      const path = `/v1/incidents/${encodeURIComponent(o.incident)}/export${o.format === 'misp' ? '?format=misp' : ''}`
      await emit(await callApi(apiTarget(o), 'GET', path), o.out)
    })
}

function registerShareImport(share: Command): void {
  share
    .command('import')
    .description('Import a STIX 2.1 bundle or a MISP event (JSON) into a Dragnet server')
    .argument('<file>', 'the bundle or event')
    .option(SERVER, SERVER_HELP)
    .option('--key <key>', KEY_HELP)
    .action(async (file: string, o: ServerFlags) => {
      await emit(await callApi(apiTarget(o), 'POST', '/v1/share/import', await readJson(file)), undefined)
    })
}

function registerShareValidate(share: Command): void {
  share
    .command('validate')
    .description('Check a STIX 2.1 bundle against the OASIS schemas and the rules they cannot state (offline)')
    .argument('<file>', 'the bundle')
    .action(async (file: string) => {
      const b = validateBundle(new StixSchemas(), await readJson(file))
      cliIO().out(`${file}: valid STIX 2.1 bundle, ${b.objects.length} objects\n`)
    })
}

function registerSharePull(share: Command): void {
  share
    .command('pull')
    .description('Pull a TAXII 2.1 collection to the end (following next/more), resumably; write or import the bundle')
    .requiredOption('--taxii <url>', 'the API root, e.g. https://partner.example/taxii2/api/')
    .requiredOption('--collection <id>', 'collection id')
    .option('--since <timestamp>', 'only objects added after this time (e.g. 2025-02-21T00:00:00Z)')
    .option('--state <file>', 'keep where the pull stands here: a later pull goes on from it')
    .option('--taxii-key <key>', 'API key on the TAXII server (default $DRAGNET_TAXII_KEY)')
    .option('--out <file>', 'write the bundle to this file (default: stdout, unless --import)')
    .option('--import', 'import the bundle into a Dragnet server (--server, --key)')
    .option(SERVER, SERVER_HELP)
    .option('--key <key>', KEY_HELP)
    .action(
      async (
        o: ServerFlags & {
          taxii: string
          collection: string
          since?: string
          state?: string
          taxiiKey?: string
          out?: string
          import?: boolean
        },
      ) => {
        if (o.since !== undefined && !TIMESTAMP.test(o.since))
          throw new DragnetError(
            'INVALID_ARGUMENT',
            `--since must be a UTC timestamp like 2025-02-21T00:00:00Z, got ${o.since}`,
          )
        const target = { apiRoot: o.taxii, collection: o.collection, key: taxiiKey(o) }
        const r = await pullBundle(target, { since: o.since, statePath: o.state })
        if (o.out || !o.import) await emit(r.bundle, o.out)
        if (o.import) await emit(await callApi(apiTarget(o), 'POST', '/v1/share/import', r.bundle), undefined)
        cliIO().err(
          `pulled ${r.bundle.objects.length} objects in ${r.pages} pages; added up to ${r.state.addedAfter ?? '-'}\n`,
        )
      },
    )
}

function registerSharePush(share: Command): void {
  share
    .command('push')
    .description("Add a STIX 2.1 bundle's objects to a TAXII 2.1 collection")
    .argument('<file>', 'the bundle')
    .requiredOption('--taxii <url>', 'the API root, e.g. https://partner.example/taxii2/api/')
    .requiredOption('--collection <id>', 'collection id')
    .option('--taxii-key <key>', 'API key on the TAXII server (default $DRAGNET_TAXII_KEY)')
    .action(async (file: string, o: { taxii: string; collection: string; taxiiKey?: string }) => {
      const bundle = validateBundle(new StixSchemas(), await readJson(file))
      const status = await pushObjects({ apiRoot: o.taxii, collection: o.collection, key: taxiiKey(o) }, bundle.objects)
      await emit(status, undefined)
    })
}

/** `dragnet share export|import|validate|pull|push`: STIX 2.1, TAXII 2.1 and MISP (docs/share.md). */
export function registerShare(program: Command): void {
  const share = program
    .command('share')
    .description('Share incidents as STIX 2.1 (over TAXII 2.1) and MISP events, under TLP')
  registerShareExport(share)
  registerShareImport(share)
  registerShareValidate(share)
  registerSharePull(share)
  registerSharePush(share)
}
