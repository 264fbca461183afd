import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { DragnetError } from '../../core/errors.ts'
import { createLogger } from '../../core/logger.ts'
import { startServing } from '../../server/serve.ts'
import { createServerLogger } from '../../server/server-logger.ts'
import type { ServerWatchOptions } from '../../server/watch/server-watcher.ts'
import { defaultWebRoot } from '../../server/web/static-app.ts'
import { JsonRpcClient } from '../../sources/evm-rpc/json-rpc-client.ts'
import { isPostgresUrl } from '../../store/open-store.ts'
import { loadAlertPolicy } from '../../watch/alert-policy.ts'
import { checkNode } from '../../watch/check-node.ts'
import { cliIO } from '../io.ts'
import { blockOption, choiceOption, intOption, printJson, resolveDbPath } from '../options.ts'

interface ServeFlags {
  port: number
  host: string
  db?: string
  chainDb?: string
  policy?: string
  logLevel: string
  json?: boolean
  watch?: boolean
  rpc?: string
  chain: string
  heads: 'auto' | 'ws' | 'poll'
  pollInterval: number
  alertPolicy?: string
  fromBlock?: bigint
}

/** The server's state store: --db, then DRAGNET_SERVER_DB, then ./dragnet-data/server (embedded PostgreSQL). */
export function resolveServerDb(option: string | undefined): string {
  return option ?? process.env.DRAGNET_SERVER_DB ?? './dragnet-data/server'
}

/**
 * The chain store when --chain-db is not given: a .duckdb --db itself; with a PostgreSQL --db, $DRAGNET_DB when
 * set, else none (the server reads chain data from the PostgreSQL database); else the default store file.
 */
export function defaultChainDb(db: string): string | undefined {
  if (db.endsWith('.duckdb')) return db
  if (isPostgresUrl(db)) return process.env.DRAGNET_DB
  return resolveDbPath(undefined)
}

/** `dragnet serve`: the HTTP API until SIGINT or SIGTERM, then a graceful shutdown. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the HTTP API (docs/server.md): screening, incidents, traces, freeze requests, organisations and keys, ' +
        'with OpenAPI at /openapi.json, /health, /ready and Prometheus /metrics. State (organisations, keys, incidents, ' +
        'audit) lives in PostgreSQL or embedded PostgreSQL; chain data comes from the DuckDB store (with its labels) or, ' +
        'with --db postgres://, from the same PostgreSQL database (schema dragnet_chain). ' +
        'Mint the first key with `dragnet server init`. Stops gracefully on SIGINT/SIGTERM.',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', intOption('--port', 0, 65535), 8080)
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option(
      '--db <url|dir|file.duckdb>',
      'server state: postgres://user@host/db (chain data too, unless --chain-db), a directory for embedded ' +
        'PostgreSQL, or FILE.duckdb (state beside it in FILE.duckdb.server, chain data from the file); default ' +
        '$DRAGNET_SERVER_DB or ./dragnet-data/server',
    )
    .option(
      '--chain-db <file.duckdb|url>',
      'chain data: a DuckDB file (with its labels) or postgres://user@host/db (default: --db if a .duckdb file or ' +
        'postgres://, else $DRAGNET_DB or ./dragnet-data/dragnet.duckdb; with --db postgres://, $DRAGNET_DB if set)',
    )
    .option('--policy <file>', 'screening policy JSON (default: the shipped policy)')
    .option('--log-level <level>', 'JSON log level on stderr: debug, info, warn, error', 'info')
    .option('--json', 'print the listening address as JSON')
    .option(
      '--watch',
      'follow --rpc into the chain store and watch the incidents marked for watching (PUT /v1/incidents/ID/watch): ' +
        'alerts stored, streamed and sent to webhooks, figures updated as blocks arrive (docs/watch.md)',
    )
    .option('--rpc <url>', 'with --watch: JSON-RPC endpoint of the node')
    .option('--chain <name>', 'with --watch: chain name of the followed node in the chain store', 'ethereum')
    .option(
      '--heads <mode>',
      'with --watch: auto (newHeads over WebSocket, else polling), ws, poll',
      choiceOption('--heads', ['auto', 'ws', 'poll'] as const),
      'auto',
    )
    .option(
      '--poll-interval <ms>',
      'with --watch: milliseconds between head polls',
      intOption('--poll-interval', 50, 600_000),
      1000,
    )
    .option(
      '--from-block <n>',
      'with --watch: first block to store when the chain store holds none (default: the first watched block)',
      blockOption('--from-block'),
    )
    .option('--alert-policy <file>', 'with --watch: alert policy JSON (default: the shipped policy)')
    .action(async (o: ServeFlags) => {
      const db = resolveServerDb(o.db)
      const chainDb = o.chainDb ?? defaultChainDb(db)
      const logger = createServerLogger({ level: o.logLevel })
      const watch = await watchOptions(o)
      const serving = await startServing({
        port: o.port,
        host: o.host,
        db,
        chainDb,
        logger,
        ...(o.policy ? { policy: o.policy } : {}),
        ...(watch ? { watch } : {}),
      }).catch((error: unknown) => {
        throw listenError(error, o.host, o.port) ?? error
      })
      if (o.json) printJson({ url: serving.url })
      else {
        // The web app signs in with an API key (or a link from POST /v1/session/links); say where it is, or why not.
        const built = existsSync(join(defaultWebRoot(), 'index.html'))
        cliIO().out(
          `dragnet: listening on ${serving.url}\n` +
            (built
              ? `Web app: ${serving.url}/ (sign in with an API key)\n`
              : 'Web app: not built (npm run build:web); the API is served\n'),
        )
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          logger.info('shutting down')
          void serving.close().then(resolve, resolve)
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
    })
}

/** --watch and its options, checked before anything is opened: the node must answer as a node. */
async function watchOptions(o: ServeFlags): Promise<ServerWatchOptions | undefined> {
  if (!o.watch) {
    if (o.rpc !== undefined) throw new DragnetError('INVALID_ARGUMENT', '--rpc is for --watch: add --watch')
    return undefined
  }
  if (o.rpc === undefined) throw new DragnetError('INVALID_ARGUMENT', '--watch needs --rpc URL of the node to follow')
  const policy = o.alertPolicy === undefined ? loadAlertPolicy() : loadAlertPolicy(o.alertPolicy)
  await checkNode(new JsonRpcClient({ url: o.rpc, logger: createLogger(), retries: 1, timeoutMs: 10_000 }))
  return {
    rpcUrl: o.rpc,
    chain: o.chain,
    policy,
    heads: o.heads,
    pollIntervalMs: o.pollInterval,
    ...(o.fromBlock === undefined ? {} : { fromBlock: o.fromBlock }),
  }
}

/** The socket errors of `listen` a user causes (a taken port, a privileged one, a foreign address) as stable codes. */
export function listenError(error: unknown, host: string, port: number): DragnetError | undefined {
  const e = error as NodeJS.ErrnoException | undefined
  if (!(e instanceof Error) || (e.syscall !== 'listen' && e.code !== 'EADDRINUSE')) return undefined
  const details = { host, port, errno: e.code ?? null }
  if (e.code === 'EADDRINUSE') {
    return new DragnetError(
      'SERVER_PORT_IN_USE',
      `port ${port} on ${host} is already in use by another process: stop it or pick another port with --port (0: any free port)`,
      { details, cause: e },
    )
  }
  if (e.code === 'EACCES' || e.code === 'EPERM') {
    return new DragnetError(
      'SERVER_CANNOT_LISTEN',
      `not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges): pick another with --port`,
      { details, cause: e },
    )
  }
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
    return new DragnetError(
      'SERVER_CANNOT_LISTEN',
      `cannot listen on ${host}: not an address of this machine (--host 127.0.0.1 for loopback, 0.0.0.0 for all)`,
      { details, cause: e },
    )
  }
  return undefined
}
