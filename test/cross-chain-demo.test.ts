import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from './support/run-cli.ts'

// The demo's Bitcoin leg (src/devnet/bitcoin/play-bitcoin-leg.ts): THORChain pays 1 BTC for the 40 stolen ETH;
// the attacker peels four payments of a tenth (10,000,000 sat each) to the exchange's deposit address, mixes
// 1,000,000 sat through Whirlpool and deposits it less a 500 sat fee: 40,999,500 sat, all tainted under poison.
test('dragnet demo traces the heist across THORChain to the Bitcoin exchange deposit, exactly', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-crossdemo-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const json = await runCli(['demo', '--cross-chain', '--model', 'poison', '--db', join(dir, 'd.duckdb'), '--json'])
  assert.equal(json.code, 0, json.stderr)
  const out = JSON.parse(json.stdout)
  const cross = out.crossChain.result
  assert.equal(cross.format, 'dragnet.crosschain/1')
  assert.deepEqual(
    cross.legs.map((l: { chain: string }) => l.chain),
    ['demo', 'demo-bitcoin'],
  )
  const [c] = cross.crossings
  assert.deepEqual(
    [c.link.kind, c.link.inboundAmount, c.taintedIn, c.taintedOut, c.leg],
    ['swap', '40000000000000000000', '40000000000000000000', '100000000', 1],
  )
  const exchange = cross.legs[1].endpoints.filter((e: { category: string }) => e.category === 'exchange')
  assert.deepEqual(
    exchange.map((e: { name: string; amount: string }) => [e.name, e.amount]),
    [['Harbor Exchange', '40999500']],
  )
  assert.deepEqual(
    out.crossChain.groundTruth.filter((g: { ok: boolean }) => !g.ok),
    [],
  )
  assert.equal(out.crossChain.groundTruth.length, 3)
  const table = await runCli(['demo', '--cross-chain', '--db', join(dir, 'h.duckdb')])
  assert.equal(table.code, 0, table.stderr)
  assert.match(
    table.stdout,
    /Freeze on Bitcoin \(haircut\): Harbor Exchange deposit address bc1q\w+: [\d.]+ BTC \(\d+ sat\)\./,
  )
  // Haircut: the mix's five 1,000,000 sat outputs share the premix's 1,000,300 of 5,000,300 sat by cumulative
  // floors: 200,047 for the first output, 200,048 for each other (floor(1,000,300 x C / 5,000,300) at C = 1e6..5e6:
  // 200,047, 400,095, 600,143, 800,191, 1,000,239). The attacker's postmix is not first in BIP69 order here, so
  // it carries 200,048; its 999,500 sat deposit keeps floor(200,048 x 999,500 / 1,000,000) = 199,947; with the
  // four peels, 40,199,947 sat.
  assert.match(table.stdout, /Harbor Exchange deposit bc1q\w+ \(sat\): 40199947/)
  assert.match(table.stdout, /\(40199947 sat\)/)
  assert.doesNotMatch(table.stdout, /DIFF/)
  const plain = await runCli(['demo', '--no-cross-chain', '--db', join(dir, 'p.duckdb')])
  assert.equal(plain.code, 0, plain.stderr)
  assert.doesNotMatch(plain.stdout, /Across THORChain/)
  assert.doesNotMatch(plain.stdout, /--cross-chain/)
})
