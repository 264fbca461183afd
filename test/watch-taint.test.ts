import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseEther } from 'viem'
import { silentLogger } from '../src/core/logger.ts'
import { DEMO_CHAIN, heistTraceRequest } from '../src/demo/heist-demo.ts'
import { labelHeistWorld } from '../src/demo/heist-labels.ts'
import { DEFAULT_MNEMONIC, startAnvil } from '../src/devnet/anvil.ts'
import { deployWorld } from '../src/devnet/world/deploy-world.ts'
import { playHeist } from '../src/devnet/world/play-heist.ts'
import { AMOUNTS, WORLD_GENESIS_TIME } from '../src/devnet/world/scenario.ts'
import { addressOf, sendTx } from '../src/devnet/world/world-driver.ts'
import { ingestEvm } from '../src/ingest/ingest-evm.ts'
import { DuckDbLabelStore } from '../src/labels/duckdb-label-store.ts'
import { LabelIndex } from '../src/labels/label-index.ts'
import { RegistryEndpointLabels } from '../src/labels/registry-endpoint-labels.ts'
import { JsonRpcClient } from '../src/sources/evm-rpc/json-rpc-client.ts'
import { type DuckDbStore, openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts'
import { runTrace } from '../src/trace/run-trace.ts'
import type { TaintModel, TraceResult } from '../src/trace/trace-types.ts'
import { loadAlertPolicy } from '../src/watch/alert-policy.ts'
import type { Alert } from '../src/watch/alert-types.ts'
import type { CarriedFigures } from '../src/watch/carried-figures.ts'
import { type CarriedTaintWatch, openTaintWatch } from '../src/watch/open-taint-watch.ts'

const MODELS: TaintModel[] = ['poison', 'haircut', 'fifo']
const PORT = 18601
const E6 = 1_000_000n

/** The carried figures against a full trace of the same window: totals, endpoints and every node's taint. */
function assertSameAsFullTrace(f: CarriedFigures, r: TraceResult, where: string): void {
  for (const [asset, t] of Object.entries(r.totals)) {
    const { traced: _t, issuerFreezable: _i, ...want } = t
    assert.deepEqual(f.totals[asset], want, `${where}: totals of ${asset}`)
  }
  for (const asset of Object.keys(f.totals)) assert.ok(r.totals[asset], `${where}: extra asset ${asset}`)
  const tainted = r.nodes.filter((n) => Object.keys(n.received).length > 0 || Object.keys(n.final).length > 0)
  for (const n of tainted) {
    const got = f.nodes.get(n.address)
    assert.ok(got, `${where}: node ${n.address} not carried`)
    assert.deepEqual(got.received, n.received, `${where}: received at ${n.address}`)
    assert.deepEqual(got.final, n.final, `${where}: final at ${n.address}`)
    if (n.category !== null && Object.keys(n.final).length > 0) assert.equal(got.category, n.category, n.address)
  }
  assert.equal(f.nodes.size, tainted.length, `${where}: tainted nodes`)
  for (const e of r.endpoints) {
    const got = f.nodes.get(e.address)
    assert.equal(got?.final[e.asset], e.amount, `${where}: endpoint ${e.address} ${e.asset}`)
    assert.equal(got?.category, e.category, `${where}: endpoint category ${e.address}`)
  }
}

const brief = (a: Alert) => `${a.kind} ${a.place ?? '-'} ${a.addresses[0]} ${a.asset} ${a.amount}`

test('a laundering played block by block: the carried taint equals a full trace after every block', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-watch-'))
  const anvil = await startAnvil({
    mnemonic: DEFAULT_MNEMONIC,
    chainId: 31337,
    timestamp: WORLD_GENESIS_TIME,
    port: PORT,
  })
  let store: DuckDbStore | undefined
  t.after(async () => {
    await store?.close()
    await anvil.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  const world = await deployWorld(anvil.rpcUrl)
  const manifest = await playHeist(world)
  store = await openDuckDbStore(join(dir, 'watch.duckdb'))
  const s = store
  const weth = manifest.entities.find((e) => e.label?.category === 'wrapped-native')?.address as string
  await s.putTokens([
    { chain: DEMO_CHAIN, address: weth, symbol: 'WETH', name: 'Wrapped Ether', decimals: 18, wrappedNative: true },
  ])
  const labelStore = new DuckDbLabelStore(s.connection)
  await labelHeistWorld(labelStore, manifest, DEMO_CHAIN)
  const labels = new RegistryEndpointLabels(await LabelIndex.fromStore(labelStore), DEMO_CHAIN)
  const client = new JsonRpcClient({ url: anvil.rpcUrl, logger: silentLogger() })
  const ingest = (from: bigint, to: bigint) =>
    ingestEvm({ logger: silentLogger() }, s, client, {
      chain: DEMO_CHAIN,
      from,
      to,
      traces: 'debug',
      concurrency: 1,
      batchSize: 100,
      entities: new Set(['blocks', 'receipts', 'traces']),
    })
  const policy = loadAlertPolicy()
  const start = manifest.heistBlocks.from + 1n // both drain transactions are in
  await ingest(0n, start)
  const watches = new Map<TaintModel, CarriedTaintWatch>()
  const alerts = new Map<TaintModel, Alert[]>(MODELS.map((m) => [m, []]))
  for (const model of MODELS) {
    const request = heistTraceRequest(manifest, model)
    watches.set(model, await openTaintWatch(s, { incident: 'meridian', request }, labels, policy, { tip: start }))
  }
  const check = async (block: bigint) => {
    for (const model of MODELS) {
      const w = watches.get(model) as CarriedTaintWatch
      const request = heistTraceRequest(manifest, model)
      const full = await runTrace(s, { ...request, limits: { ...request.limits, toBlock: block } }, labels)
      assertSameAsFullTrace(await w.figures(), full, `${model} block ${block}`)
    }
  }
  await check(start)
  // After every block of the laundering: ingest it, carry each model's taint over it, compare with a full trace.
  for (let b = start + 1n; b <= manifest.heistBlocks.to; b++) {
    await ingest(b, b)
    for (const model of MODELS) {
      const got = await (watches.get(model) as CarriedTaintWatch).advance(b)
      alerts.get(model)?.push(...got)
    }
    await check(b)
  }

  const addr = (k: Parameters<typeof addressOf>[1]) => addressOf(world, k).toLowerCase()
  const usdx = world.contracts.usdx.address.toLowerCase()
  const bridge = world.contracts.bridge.address.toLowerCase()
  const mixer = world.contracts.mixer.address.toLowerCase()
  const pair = world.contracts.pair.address.toLowerCase()
  const E18 = 10n ** 18n
  // Worked out from the played transfers (scenario.ts): what each step of the laundering must raise.
  const common = [
    `funds-moved - ${addr('attacker')} native ${AMOUNTS.splitEth.split1}`,
    `funds-moved - ${addr('attacker')} ${usdx} ${AMOUNTS.splitUsdx.split6}`,
    `freezable-arrival issuer-freezable ${addr('split6')} ${usdx} ${1_000_000n * E6}`,
    `freezable-arrival issuer-freezable ${addr('split7')} ${usdx} ${1_500_000n * E6}`,
    `freezable-arrival issuer-freezable ${addr('split8')} ${usdx} ${2_500_000n * E6}`,
    `funds-moved - ${addr('split1')} native ${10n * E18}`,
    // split1 peels 10 ETH at each of four hops: 100 - 40 reach the deposit address, found by its sweep.
    `freezable-arrival exchange-deposit ${addr('depositEth')} native ${60n * E18}`,
    `bridge-entered - ${bridge} native ${200n * E18}`,
    `mixer-entered - ${mixer} native ${100n * E18}`,
    `swap - ${pair} ${usdx} ${1_000_000n * E6}`,
    `bridge-entered - ${bridge} native ${400n * E18}`,
    `freezable-arrival exchange-deposit ${addr('depositUsdx')} ${usdx} ${1_500_000n * E6}`,
    `freezable-arrival issuer-freezable ${addr('depositUsdx')} ${usdx} ${1_500_000n * E6}`,
    `bridge-entered - ${bridge} ${usdx} ${500_000n * E6}`,
  ]
  // The mixing wallet's 100 stolen and 100 clean ETH, 120 of it paid to depositUsdx: poison 120, haircut half, FIFO
  // the first 100 (the stolen part).
  const mixed = { poison: 120n, haircut: 60n, fifo: 100n }
  for (const model of MODELS) {
    const raised = alerts.get(model) as Alert[]
    const seen = new Set(raised.map(brief))
    for (const want of common) assert.ok(seen.has(want), `${model}: missing ${want}`)
    assert.ok(seen.has(`freezable-arrival exchange-deposit ${addr('depositUsdx')} native ${mixed[model] * E18}`), model)
    assert.equal(raised.filter((a) => a.kind === 'mixer-entered').length, 3, `${model}: three mixer notes`)
    assert.equal(new Set(raised.map((a) => a.id)).size, raised.length, `${model}: ids are unique`)
    const deposit = raised.find((a) => a.place === 'exchange-deposit' && a.addresses[0] === addr('depositEth'))
    assert.deepEqual(deposit?.freezeRequest?.freezer, { kind: 'exchange', name: 'Harbor Exchange' })
    assert.equal(deposit?.freezeRequest?.amount, (60n * E18).toString())
    // The path as `trace --explain` gives it: the drain, the split, four hops of the peel chain, the deposit.
    assert.deepEqual(
      deposit?.path.map((p) => p.to),
      [
        addr('attacker'),
        addr('split1'),
        addr('peel1'),
        addr('peel2'),
        addr('peel3'),
        addr('peel4'),
        addr('depositEth'),
      ],
    )
    assert.equal(deposit?.severity, 'severe')
    const st = (watches.get(model) as CarriedTaintWatch).stats()
    // Only the blocks in which a followed address pays a converter (the swap, the unwrap) are traced again.
    assert.deepEqual(st.retraceReasons, { converter: 2 }, `${model}: retraces`)
    assert.equal(st.retraces, 2)
  }

  const rpc = (method: string, params: unknown[] = []) =>
    world.clients.deployer.request({ method, params } as never) as Promise<unknown>
  // Freeze windows: the 60 ETH at Harbor's deposit address opened one (still open); split6's 1,000,000 USDX, which
  // its issuer could freeze from the split until split6 paid it into the swap, closed one. Transactions and blocks
  // from the played chain; seconds from the node's block times.
  const played = (s: string, note: string) => world.transactions.find((x) => x.step === s && x.note === note)
  const usdxIn = played('split', 'USDX to split6')
  const usdxOut = played('swap', 'swap USDX for WETH')
  assert.ok(usdxIn && usdxOut)
  const blockTime = async (n: bigint) =>
    BigInt(((await rpc('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])) as { timestamp: string }).timestamp)
  const usdxSeconds = Number((await blockTime(usdxOut.blockNumber)) - (await blockTime(usdxIn.blockNumber)))
  assert.ok(usdxSeconds > 0)
  for (const model of MODELS) {
    const raised = alerts.get(model) as Alert[]
    const deposit = raised.find((a) => a.place === 'exchange-deposit' && a.addresses[0] === addr('depositEth'))
    assert.deepEqual(deposit?.freezeWindow?.freezableBy, [{ kind: 'exchange', name: 'Harbor Exchange' }])
    assert.equal(deposit?.freezeWindow?.address, addr('depositEth'))
    assert.equal(deposit?.freezeWindow?.arrived.tx, deposit?.tx)
    assert.equal(deposit?.freezeWindow?.departed, null, `${model}: the deposit still holds it`)
    const moved = raised.find((a) => a.kind === 'funds-moved' && a.addresses[0] === addr('split6') && a.asset === usdx)
    const w = moved?.freezeWindow
    assert.equal(w?.freezableBy[0]?.kind, 'issuer', model)
    assert.equal(w?.address, addr('split6'))
    assert.equal(w?.arrived.tx, usdxIn.hash)
    assert.equal(w?.arrived.block, usdxIn.blockNumber.toString())
    assert.equal(w?.departed?.tx, usdxOut.hash)
    assert.equal(w?.departed?.block, usdxOut.blockNumber.toString())
    assert.equal(w?.seconds, usdxSeconds, `${model}: seconds it sat freezable`)
    // A move between two places nobody can freeze at touches no window.
    const plain = raised.find((a) => a.kind === 'funds-moved' && a.addresses[0] === addr('split1'))
    assert.equal(plain?.freezeWindow, null)
  }

  // A reorg: side1 moves its 10 stolen ETH to Harbor's deposit address, the block is replaced, then the same
  // transaction lands one block later.
  const head = manifest.heistBlocks.to
  const snapshot = await rpc('evm_snapshot')
  const moveSide = () =>
    sendTx(
      world,
      'side1',
      { to: addressOf(world, 'depositEth'), value: parseEther('10') },
      {
        phase: 'heist',
        step: 'watch',
        note: 'side1 deposits at Harbor',
      },
    )
  const first = await moveSide()
  assert.equal(first.blockNumber, head + 1n)
  await ingest(head + 1n, head + 1n)
  const before = new Map<TaintModel, Alert[]>()
  const wantMoved = [
    `funds-moved - ${addr('side1')} native ${10n * E18}`,
    `freezable-arrival exchange-deposit ${addr('depositEth')} native ${10n * E18}`,
  ]
  for (const model of MODELS) {
    const got = await (watches.get(model) as CarriedTaintWatch).advance(head + 1n)
    assert.deepEqual(got.map(brief), wantMoved, model)
    before.set(model, got)
  }
  await check(head + 1n)
  await rpc('evm_revert', [snapshot])
  await rpc('anvil_mine', ['0x1'])
  const again = await moveSide()
  assert.equal(again.blockNumber, head + 2n)
  assert.equal(again.transactionHash, first.transactionHash)
  const summary = await ingest(head + 1n, head + 2n)
  assert.deepEqual(summary.reorgs, [{ forkBlock: head, depth: 1 }])
  for (const model of MODELS) {
    const w = watches.get(model) as CarriedTaintWatch
    const withdrawn = await w.rewind(head + 1n)
    const old = before.get(model) as Alert[]
    assert.deepEqual(
      withdrawn.map((a) => [a.kind, a.retracts]),
      old.map((a) => ['retracted', a.id]),
    )
    assert.deepEqual(await w.advance(head + 1n), [], `${model}: the replacing block is empty`)
    const re = await w.advance(head + 2n)
    assert.deepEqual(
      re.map((a) => a.id),
      old.map((a) => a.id),
      `${model}: the same alerts again`,
    )
    assert.ok(re.every((a) => a.block === (head + 2n).toString()))
    assert.equal(w.stats().retraces, 2, `${model}: no further retrace`)
    assert.equal(w.stats().rewinds, 1)
  }
  await check(head + 2n)
})
