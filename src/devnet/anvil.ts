import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { DragnetError } from '../core/errors.ts'

export interface Anvil {
  rpcUrl: string
  port: number
  stop(): Promise<void>
}

export interface AnvilOptions {
  /** Mnemonic for the prefunded accounts; fixed so demos and tests are deterministic. */
  mnemonic?: string
  chainId?: number
  /** Seconds per block; undefined mines a block per transaction. */
  blockTime?: number
  /** Genesis timestamp, for reproducible block times. */
  timestamp?: number
  accounts?: number
  balance?: number
  /** Listen on this port (a restart of the same node); default a free one. */
  port?: number
  /** Load the chain from this file if it exists and write it back on exit (anvil --state): a node that restarts. */
  state?: string
}

export const DEFAULT_MNEMONIC = 'test test test test test test test test test test test junk'

/** The anvil binary shipped in the npm package for this platform. */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url)
  const pkg = `@foundry-rs/anvil-${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`
  try {
    return require.resolve(`${pkg}/bin/anvil${process.platform === 'win32' ? '.exe' : ''}`)
  } catch (cause) {
    throw new DragnetError('INTERNAL', `anvil binary not found in ${pkg}: run npm install`, { cause })
  }
}

/** A free loopback TCP port, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

/** Starts anvil on a free loopback port and waits until it answers JSON-RPC. */
export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const port = options.port ?? (await freePort())
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--mnemonic',
    options.mnemonic ?? DEFAULT_MNEMONIC,
    '--chain-id',
    String(options.chainId ?? 31337),
    '--accounts',
    String(options.accounts ?? 10),
    '--balance',
    String(options.balance ?? 10000),
    '--steps-tracing',
    '--silent',
  ]
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime))
  if (options.timestamp !== undefined) args.push('--timestamp', String(options.timestamp))
  if (options.state !== undefined) args.push('--state', options.state)
  const child: ChildProcess = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const rpcUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) {
      throw new DragnetError('RPC_UNREACHABLE', `anvil exited with ${child.exitCode}: ${stderr.trim()}`)
    }
    try {
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      })
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new DragnetError('RPC_TIMEOUT', 'anvil did not start within 30 s')
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    rpcUrl,
    port,
    stop: async () => {
      if (child.exitCode !== null) return
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
    },
  }
}
