import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mulberry32 as rng } from '../../core/mulberry32.ts'
import { renderExplain } from '../result/explain.ts'
import { DEFAULT_LIMITS, type TaintModel, type TraceLimits, type TraceResult } from '../trace-types.ts'
import { traceUtxo } from './trace-utxo.ts'
import { explainUtxo } from './utxo-explain.ts'
import { type InSpec, type OutSpec, TxChain, txid } from './utxo-test-kit.ts'

/** A random valid UTXO DAG: each transaction spends 1-4 unspent outputs (sometimes an outside clean coin too). */
function randomChain(seed: number, txs: number): TxChain {
  const r = rng(seed)
  const c = new TxChain()
  const pool: [string, number, bigint][] = []
  const addr = () => `a${Math.floor(r() * 25)}`
  for (let i = 0; i < txs; i++) {
    const name = `t${seed}-${i}`
    const ins: InSpec[] = []
    let total = 0n
    const k = pool.length < 4 || r() < 0.15 ? 0 : 1 + Math.floor(r() * 4)
    for (let j = 0; j < k && pool.length > 0; j++) {
      const [tx, vout, v] = pool.splice(Math.floor(r() * pool.length), 1)[0] as [string, number, bigint]
      ins.push([tx, vout])
      total += v
    }
    if (ins.length === 0 || r() < 0.2) {
      const v = BigInt(1 + Math.floor(r() * 5e9))
      ins.push({ ext: addr(), value: v })
      total += v
    }
    const fee = BigInt(Math.floor(r() * Math.min(2000, Number(total) / 2)))
    let left = total - fee
    const n = 1 + Math.floor(r() * 4)
    const outs: OutSpec[] = []
    for (let j = 0; j < n; j++) {
      const v = j === n - 1 ? left : (left * BigInt(Math.floor(r() * 1000))) / 1000n
      left -= v
      outs.push([addr(), v])
    }
    c.tx(name, ins, outs)
    outs.forEach(([, v], vout) => {
      if (v > 0n) pool.push([name, vout, v])
    })
  }
  return c
}

const run = (c: TxChain, model: TaintModel, limits: Partial<TraceLimits> = {}, seedTxs: string[] = []) =>
  traceUtxo(
    c.txs,
    {
      chain: 'bitcoin',
      model,
      seedAddresses: ['a0', 'a1'],
      seedTxs,
      limits: { ...DEFAULT_LIMITS, ...limits },
      report: { maxEdges: 1_000_000, maxEndpoints: 1_000_000 },
    },
    new Map(),
  )
const byOutput = (r: TraceResult) => new Map(r.edges.map((e) => [`${e.tx}:${e.position}`, e]))

/** Haircut recomputed with bigints straight from the rule (no limits), per output. */
function referenceHaircut(c: TxChain, seeds: Set<string>): Map<string, bigint> {
  const taint = new Map<string, bigint>()
  for (const tx of c.txs) {
    let t = 0n
    for (const i of tx.inputs) t += taint.get(`${i.spentTransactionHash}:out:${i.spentOutputIndex}`) ?? 0n
    const v = tx.inputValue as bigint
    let cum = 0n
    let prev = 0n
    for (const o of tx.outputs) {
      cum += o.value
      const q = t === 0n ? 0n : (t * cum) / v
      const own = seeds.has(o.addresses[0] as string) ? o.value : q - prev
      if (own > 0n) taint.set(`${tx.hash}:out:${o.index}`, own)
      prev = q
    }
  }
  return taint
}

describe('UTXO taint on random graphs', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`graph ${seed}: conservation, bounds, poison covers the others`, () => {
      const c = randomChain(seed, 400)
      for (const limits of [{}, { hops: 3, minAmount: 5000n }]) {
        const seedTxs = [txid(`t${seed}-30`)]
        const poison = byOutput(run(c, 'poison', limits, seedTxs))
        for (const model of ['haircut', 'fifo'] as const) {
          const r = run(c, model, limits, seedTxs)
          const t = r.totals.native
          assert.ok(t)
          assert.ok(t.stolen > 0n)
          assert.equal(t.stolen, t.traced + t.unfollowed + (r.fees?.native ?? 0n), `${model} conserves`)
          for (const [k, e] of byOutput(r)) {
            assert.ok(e.tainted <= e.amount, `${model} ${k} within its value`)
            assert.ok((poison.get(k)?.tainted ?? 0n) >= e.tainted, `poison >= ${model} at ${k}`)
          }
        }
      }
    })
  }

  it('haircut equals a bigint recomputation of the rule, output by output', () => {
    for (const seed of [7, 8, 9]) {
      const c = randomChain(seed, 400)
      const r = run(c, 'haircut')
      const want = referenceHaircut(c, new Set(['a0', 'a1']))
      const got = new Map([...byOutput(r)].map(([k, e]) => [k, e.tainted]))
      assert.ok(want.size > 50)
      assert.deepEqual(got, want)
    }
  })
})

describe('UTXO explain', () => {
  it('lists each tainted arrival of an address with its path back to the seed', () => {
    const c = new TxChain()
    c.tx('theft', [{ ext: 'victim', value: 1000n }], [['S', 1000n]])
    c.tx(
      'h1',
      [['theft', 0]],
      [
        ['M', 600n],
        ['N', 390n],
      ],
    )
    c.tx('h2', [['h1', 0]], [['D', 590n]])
    c.tx('h3', [['h1', 1]], [['D', 380n]])
    const r = traceUtxo(
      c.txs,
      {
        chain: 'bitcoin',
        model: 'fifo',
        seedAddresses: ['S'],
        seedTxs: [],
        limits: DEFAULT_LIMITS,
        report: { explain: 'D', maxEdges: 0 },
      },
      new Map(),
    )
    const x = explainUtxo(r, 'D')
    assert.deepEqual(
      x.arrivals.map((a) => [a.edge.tainted, a.path.map((e) => `${e.from}->${e.to}@${e.tx.slice(0, 4)}`)]),
      [
        [590n, ['S->M@6831', 'M->D@6832']],
        [380n, ['S->N@6831', 'N->D@6833']],
      ],
    )
    assert.match(renderExplain(r, x), /ended here: /)
  })
})
