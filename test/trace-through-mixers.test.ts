import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { silentLogger } from '../src/core/logger.ts'
import { DEMO_CHAIN, heistTraceRequest, playAndIngestHeist } from '../src/demo/heist-demo.ts'
import { labelHeistWorld } from '../src/demo/heist-labels.ts'
import type { HeistManifest } from '../src/devnet/world/manifest.ts'
import type { MixerLegNote } from '../src/devnet/world/mixer-leg-truth.ts'
import { DuckDbLabelStore } from '../src/labels/duckdb-label-store.ts'
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import type { TaintModel } from '../src/trace/trace-types.ts'

const BIN = join(import.meta.dirname, '../bin/dragnet.js')
const E16 = 10n ** 16n
const E18 = 10n ** 18n
const dir = mkdtempSync(join(tmpdir(), 'dragnet-mixers-'))
const db = join(dir, 'mixers.duckdb')
let manifest: HeistManifest

/** The heist with its mixer leg, played and ingested as `dragnet demo` does, its services labelled. */
async function playAndIngest(): Promise<HeistManifest> {
  const store = await openDuckDbStore(db)
  try {
    const { manifest: played } = await playAndIngestHeist({ logger: silentLogger() }, store, undefined, {
      mixers: true,
    })
    await labelHeistWorld(new DuckDbLabelStore(store.connection), played, DEMO_CHAIN)
    return played
  } finally {
    await store.close()
  }
}

interface Ran {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs the real CLI in a child process; with `keep`, its stdout is closed after that many bytes (`| head -c`). */
function cli(args: string[], keep = Number.POSITIVE_INFINITY): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DRAGNET_DB: db },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      stderr += t
    })
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t
      if (stdout.length >= keep) child.stdout.destroy()
    })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** The demo's trace of the heist as `dragnet trace` arguments: the drain transactions, from the heist's first block. */
function traceArgs(model: TaintModel, ...more: string[]): string[] {
  const r = heistTraceRequest(manifest, model)
  const args = ['trace', '--db', db, '--chain', DEMO_CHAIN, '--model', model]
  for (const tx of r.seedTxs) args.push('--seed', tx)
  if (r.limits.fromBlock !== undefined) args.push('--from-block', r.limits.fromBlock.toString())
  return [...args, ...more]
}

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(args)
  assert.equal(r.code, 0, r.stderr)
  return JSON.parse(r.stdout) as Record<string, unknown>
}

interface JsonLink {
  id: string
  deposit: { tx: string }
  rules: { rule: string; evidence: string }[]
  confidence: number
  seeded: string
}
interface JsonEndpoint {
  address: string
  amount: string
  link: string
  freezableBy: { kind: string; name: string }[]
}
interface JsonLayer {
  deposits: { tx: string; tainted: string; links: string[] }[]
  links: JsonLink[]
  endpoints: JsonEndpoint[]
  unlinked: Record<string, string>
}

const noteOf = (key: string): MixerLegNote => {
  const n = manifest.mixerLeg?.notes.find((x) => x.key === key)
  assert.ok(n, `note ${key} in the manifest`)
  return n
}

before(async () => {
  manifest = await playAndIngest()
})
after(() => rmSync(dir, { recursive: true, force: true }))

/**
 * Worked out from the leg as played (docs/demo-world.md): split3's three 100 ETH notes are stolen whole under
 * every model (split3 received 300 stolen ETH and nothing else before). W1 holds 0.01 clean ETH of gas money, then
 * withdraws note 1 (100 ETH, no relayer) and pays all 100.01 ETH into depositW1, which Harbor sweeps. Poison
 * taints the whole payment after the tainted arrival: 100.01. Haircut: 100 of W1's 100.01 are tainted, all paid:
 * 100. FIFO: the 0.01 clean arrived first and leaves first with 100 tainted: 100.
 */
const AT_DEPOSIT_W1: Record<TaintModel, bigint> = {
  poison: 10_001n * E16,
  haircut: 100n * E18,
  fifo: 100n * E18,
}

describe('dragnet trace --through-mixers on the heist with its mixer leg', () => {
  for (const model of ['poison', 'haircut', 'fifo'] as const) {
    test(`${model}: exact figures unchanged; links for notes 0 and 1, none for note 2; depositW1 a probable freeze target`, async () => {
      const exact = await json(traceArgs(model, '--format', 'json'))
      const withLayer = await json(traceArgs(model, '--through-mixers', '--format', 'json'))
      assert.deepEqual(withLayer.totals, exact.totals, 'exact totals as without the flag')
      assert.deepEqual(withLayer.freezeWindows, exact.freezeWindows)
      assert.deepEqual(
        (withLayer.endpoints as JsonEndpoint[]).map((e) => [e.address, e.amount]),
        (exact.endpoints as JsonEndpoint[]).map((e) => [e.address, e.amount]),
      )
      assert.equal(exact.probable, undefined)
      const p = withLayer.probable as JsonLayer
      const [n0, n1, n2] = ['heist-0', 'heist-1', 'heist-2'].map(noteOf) as [MixerLegNote, MixerLegNote, MixerLegNote]
      const deposit = (n: MixerLegNote) => p.deposits.find((d) => d.tx === n.depositTx)
      for (const n of [n0, n1, n2]) assert.equal(deposit(n)?.tainted, (100n * E18).toString(), `${n.key} tainted whole`)
      const linkOf = (n: MixerLegNote) => p.links.filter((l) => l.deposit.tx === n.depositTx)
      assert.deepEqual(
        linkOf(n0).map((l) => l.rules.map((r) => r.rule)),
        [['address-match']],
      )
      assert.deepEqual(
        linkOf(n1).map((l) => l.rules.map((r) => r.rule)),
        [['gas-price']],
      )
      assert.deepEqual(linkOf(n2), [])
      assert.deepEqual(deposit(n2)?.links, [])
      assert.deepEqual(p.unlinked, { native: (100n * E18).toString() })
      const target = manifest.mixerLeg?.probable[0]
      assert.ok(target)
      const freeze = p.endpoints.filter((e) => e.freezableBy.length > 0)
      assert.deepEqual(
        freeze.map((e) => [e.address, e.amount, e.link, e.freezableBy.map((f) => f.kind)]),
        [[target.address, AT_DEPOSIT_W1[model].toString(), linkOf(n1)[0]?.id, ['exchange']]],
      )
      const crowd = new Set(
        manifest.mixerLeg?.notes
          .filter((n) => n.owner !== 'attacker')
          .flatMap((n) => [n.depositor, n.recipient].filter((a) => a !== null)),
      )
      assert.deepEqual(
        p.endpoints.filter((e) => crowd.has(e.address as never)),
        [],
        'no probable endpoint is a crowd or careless user of the pools',
      )
      // The layer's figures never reach the exact freeze list.
      assert.ok(!(withLayer.endpoints as JsonEndpoint[]).some((e) => e.address === target.address))
    })
  }

  test('--explain depositW1 shows the exact path to the pool, the gas-price link with its evidence, the path after', async () => {
    const target = manifest.mixerLeg?.probable[0]
    assert.ok(target)
    const r = await cli(traceArgs('haircut', '--through-mixers', '--explain', target.address))
    assert.equal(r.code, 0, r.stderr)
    const n1 = noteOf('heist-1')
    assert.ok(r.stdout.includes('reached past a mixer (probable, not in the exact totals)'), r.stdout)
    assert.ok(r.stdout.includes('exact path to the pool:'))
    assert.ok(r.stdout.includes(`deposit ${n1.depositTx} -> withdrawal ${n1.withdrawalTx}`))
    assert.match(r.stdout, /gas-price \(0\.\d\d\): /)
    assert.ok(r.stdout.includes('after the pool:'))
  })

  test('the table has the probable section, and piped into a reader that closes early it ends quietly', async () => {
    const full = await cli(traceArgs('haircut', '--through-mixers'))
    assert.equal(full.code, 0, full.stderr)
    assert.ok(full.stdout.includes('\nProbable, past mixers (not in the totals above)\n'))
    assert.match(full.stdout, /rests on link \S+ \(gas-price, confidence 0\.\d\d\)/)
    assert.ok(full.stdout.includes('Unlinked: 100 ETH in notes no link leads out of'))
    const head = await cli(traceArgs('haircut', '--through-mixers'), 200)
    assert.equal(head.stderr, '')
    assert.equal(head.signal, null)
    assert.equal(head.code, 0)
  })

  test('csv: a layer column only with --through-mixers', async () => {
    const plain = await cli(traceArgs('haircut', '--format', 'csv'))
    assert.equal(plain.stdout.split('\n')[0], 'from,to,asset,symbol,amount,tainted,tx,block,time,position')
    const layered = await cli(traceArgs('haircut', '--format', 'csv', '--through-mixers'))
    const lines = layered.stdout.trimEnd().split('\n')
    assert.equal(lines[0], 'from,to,asset,symbol,amount,tainted,tx,block,time,position,layer')
    const exactRows = plain.stdout.trimEnd().split('\n').slice(1)
    assert.deepEqual(
      lines.slice(1, 1 + exactRows.length),
      exactRows.map((l) => `${l},exact`),
    )
    assert.ok(lines.slice(1 + exactRows.length).length > 0)
    assert.ok(lines.slice(1 + exactRows.length).every((l) => l.endsWith(',probable')))
  })

  test('bad --through-mixers options are refused with INVALID_ARGUMENT', async () => {
    for (const more of [
      ['--through-mixers', '--min-confidence', '0'],
      ['--through-mixers', '--min-confidence', '1.5'],
      ['--through-mixers', '--min-confidence', 'high'],
      ['--through-mixers', '--mixer-rule-off', 'luck'],
      ['--min-confidence', '0.6'],
      ['--through-mixers', '--cross-chain'],
      ['--through-mixers', '--direction', 'backward'],
    ]) {
      const r = await cli(traceArgs('haircut', '--json', ...more))
      assert.equal(r.code === 0, false, more.join(' '))
      assert.match(r.stderr, /"code":"INVALID_ARGUMENT"/, `${more.join(' ')}: ${r.stderr}`)
    }
    const btc = await cli([
      'trace',
      '--db',
      db,
      '--chain',
      'bitcoin',
      '--seed',
      'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
      '--through-mixers',
      '--json',
    ])
    assert.match(btc.stderr, /"code":"INVALID_ARGUMENT"/, btc.stderr)
  })

  test('a rule switched off removes its links: without gas-price note 1 has none', async () => {
    const r = await json(traceArgs('haircut', '--through-mixers', '--mixer-rule-off', 'gas-price', '--json'))
    const p = r.probable as JsonLayer
    const n1 = noteOf('heist-1')
    assert.deepEqual(
      p.links.filter((l) => l.deposit.tx === n1.depositTx),
      [],
    )
    assert.deepEqual(p.unlinked, { native: (200n * E18).toString() })
    assert.ok(!p.endpoints.some((e) => e.freezableBy.length > 0))
  })
})
