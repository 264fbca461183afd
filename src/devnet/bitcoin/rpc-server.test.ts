import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type BtcRpcServer, startBtcRpcServer } from './rpc-server.ts'
import { buildSampleChain } from './sample-chain.ts'

const AUTH = { user: 'dragnet', password: 'correct horse' }
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`

async function post(url: string, body: string, auth = basic(AUTH.user, AUTH.password)) {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
  })
  return { status: res.status, text: await res.text(), headers: res.headers }
}

describe('startBtcRpcServer answers as Bitcoin Core', () => {
  const chain = buildSampleChain()
  let node: BtcRpcServer
  before(async () => {
    node = await startBtcRpcServer(chain, { auth: AUTH })
  })
  after(async () => {
    await node.close()
  })

  it('answers JSON-RPC 1.0 calls with result, error and id, one line each', async () => {
    const r = await post(node.url, '{"jsonrpc":"1.0","id":"curltest","method":"getblockcount","params":[]}')
    assert.equal(r.status, 200)
    assert.equal(r.text, '{"result":103,"error":null,"id":"curltest"}\n')
    assert.equal(r.headers.get('content-type'), 'application/json')
    const best = await post(node.url, '{"id":7,"method":"getbestblockhash"}')
    assert.equal(best.text, `{"result":"${chain.tip.hash}","error":null,"id":7}\n`)
  })

  it('answers JSON-RPC 2.0 without an error member, and a notification with 204', async () => {
    const r = await post(node.url, '{"jsonrpc":"2.0","id":1,"method":"getblockhash","params":[101]}')
    assert.equal(r.text, `{"jsonrpc":"2.0","result":"${chain.blocks[101]!.hash}","id":1}\n`)
    const e = await post(node.url, '{"jsonrpc":"2.0","id":2,"method":"getblockhash","params":[104]}')
    assert.equal(e.status, 200)
    assert.equal(e.text, '{"jsonrpc":"2.0","error":{"code":-8,"message":"Block height out of range"},"id":2}\n')
    const n = await post(node.url, '{"jsonrpc":"2.0","method":"getblockcount"}')
    assert.equal(n.status, 204)
    assert.equal(n.text, '')
  })

  it('answers a batch in order, errors in place, with HTTP 200', async () => {
    const body = JSON.stringify([
      { id: 1, method: 'getblockhash', params: [0] },
      { id: 2, method: 'getblockhash', params: [-1] },
      { id: 3, method: 'nosuchmethod', params: [] },
      { id: 4, method: 'getblockcount' },
    ])
    const r = await post(node.url, body)
    assert.equal(r.status, 200)
    assert.deepEqual(JSON.parse(r.text), [
      { result: chain.blocks[0]!.hash, error: null, id: 1 },
      { result: null, error: { code: -8, message: 'Block height out of range' }, id: 2 },
      { result: null, error: { code: -32601, message: 'Method not found' }, id: 3 },
      { result: 103, error: null, id: 4 },
    ])
  })

  it("uses Core's codes and HTTP statuses for errors", async () => {
    const cases: [string, number, number, string][] = [
      ['{"id":1,"method":"getblock","params":["00"]}', 500, -8, "blockhash must be of length 64 (not 2, for '00')"],
      [
        `{"id":1,"method":"getblock","params":["${'z'.repeat(64)}"]}`,
        500,
        -8,
        `blockhash must be hexadecimal string (not '${'z'.repeat(64)}')`,
      ],
      [`{"id":1,"method":"getblock","params":["${'0'.repeat(64)}"]}`, 500, -5, 'Block not found'],
      [
        `{"id":1,"method":"getrawtransaction","params":["${'1'.repeat(64)}",true]}`,
        500,
        -5,
        'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.',
      ],
      [
        '{"id":1,"method":"getblockhash","params":["1"]}',
        500,
        -3,
        'JSON value of type string is not of expected type number',
      ],
      ['{"id":1,"method":"getblockhash","params":[]}', 500, -1, 'getblockhash height\n'],
      ['{"id":1,"method":"nosuch","params":[]}', 404, -32601, 'Method not found'],
      ['{"id":1,"jsonrpc":"3.0","method":"getblockcount"}', 400, -32600, 'JSON-RPC version not supported'],
    ]
    for (const [body, status, code, message] of cases) {
      const r = await post(node.url, body)
      assert.equal(r.status, status, body)
      assert.deepEqual(JSON.parse(r.text), { result: null, error: { code, message }, id: 1 }, body)
    }
    const bad = await post(node.url, '{"id":1,"method":')
    assert.equal(bad.status, 500)
    assert.equal(bad.text, '{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}\n')
    const genesis = await post(
      node.url,
      `{"id":1,"method":"getrawtransaction","params":["${chain.blocks[0]!.txs[0]!.txid}"]}`,
    )
    assert.equal(JSON.parse(genesis.text).error.code, -5)
  })

  it('refuses missing or wrong credentials with 401 and an empty body', async () => {
    for (const auth of ['', basic('dragnet', 'wrong'), basic('other', 'correct horse')]) {
      const r = await post(node.url, '{"id":1,"method":"getblockcount"}', auth)
      assert.equal(r.status, 401)
      assert.equal(r.text, '')
      assert.equal(r.headers.get('www-authenticate'), 'Basic realm="jsonrpc"')
    }
  })

  it('serves block and transaction hex that decodes back to the same ids, in every verbosity', async () => {
    const b = chain.blocks[102]!
    const call = async (method: string, params: unknown[]) =>
      JSON.parse((await post(node.url, JSON.stringify({ id: 1, method, params }))).text).result
    assert.equal(await call('getblock', [b.hash, 0]), Buffer.from(b.bytes).toString('hex'))
    assert.equal(await call('getblock', [b.hash, false]), Buffer.from(b.bytes).toString('hex'))
    assert.deepEqual(
      await call('getblock', [b.hash]).then((j) => j.tx),
      b.txs.map((t) => t.txid),
    )
    assert.equal(await call('getblockheader', [b.hash, false]), Buffer.from(b.header).toString('hex'))
    const h = await call('getblockheader', [b.hash])
    assert.deepEqual(Object.keys(h), [
      'hash',
      'confirmations',
      'height',
      'version',
      'versionHex',
      'merkleroot',
      'time',
      'mediantime',
      'nonce',
      'bits',
      'difficulty',
      'chainwork',
      'nTx',
      'previousblockhash',
      'nextblockhash',
    ])
    assert.equal(h.confirmations, 2)
    assert.equal(h.chainwork, (206).toString(16).padStart(64, '0'))
    assert.equal(h.mediantime, b.time - 5 * 600)
    const tx = b.txs[2]!
    assert.equal(await call('getrawtransaction', [tx.txid]), Buffer.from(tx.bytes).toString('hex'))
    const v = await call('getrawtransaction', [tx.txid, 1])
    assert.equal(v.blockhash, b.hash)
    assert.equal(v.confirmations, 2)
    assert.equal(v.fee, undefined)
    const v2 = await call('getrawtransaction', [tx.txid, 2, b.hash])
    assert.equal(v2.in_active_chain, true)
    assert.equal(v2.fee, 0.00001)
    assert.equal(v2.vin[0].prevout.value, 1)
    assert.equal(v2.vin[0].prevout.height, 101)
  })

  it('writes amounts with eight decimals as Core does', async () => {
    const r = await post(node.url, JSON.stringify({ id: 1, method: 'getblock', params: [chain.blocks[102]!.hash, 2] }))
    assert.match(r.text, /"vout":\[\{"value":0\.50000000,"n":0,/)
    assert.match(r.text, /"fee":0\.00001000,/)
    assert.match(r.text, /"value":50\.00004000,"n":0,/)
  })

  it('plays HTTP failures, stalls, resets and warm-up for retry tests', async () => {
    node.faults.set({ kind: 'http', status: 503, times: 1 })
    assert.equal((await post(node.url, '{"id":1,"method":"getblockcount"}')).status, 503)
    assert.equal((await post(node.url, '{"id":1,"method":"getblockcount"}')).status, 200)
    node.faults.set({ kind: 'warmup', times: 1 })
    const w = await post(node.url, '{"id":9,"method":"getblockcount"}')
    assert.deepEqual(JSON.parse(w.text), { result: null, error: { code: -28, message: 'Loading block index…' }, id: 9 })
    node.faults.set({ kind: 'reset', times: 1 })
    await assert.rejects(post(node.url, '{"id":1,"method":"getblockcount"}'))
    node.faults.set({ kind: 'stall', times: 1 })
    const ac = new AbortController()
    const t = setTimeout(() => ac.abort(), 150)
    await assert.rejects(
      fetch(node.url, {
        method: 'POST',
        body: '{"id":1,"method":"getblockcount"}',
        signal: ac.signal,
        headers: { Authorization: basic(AUTH.user, AUTH.password) },
      }),
    )
    clearTimeout(t)
    node.faults.set({ kind: 'stall', ms: 50, times: 1 })
    const started = Date.now()
    assert.equal((await post(node.url, '{"id":1,"method":"getblockcount"}')).status, 200)
    assert.ok(Date.now() - started >= 45)
  })
})

describe('startBtcRpcServer with a cookie file', () => {
  it('writes __cookie__:<secret> at start, accepts it, and removes the file at close', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'btc-cookie-'))
    t.after(() => rm(dir, { recursive: true, force: true }))
    const cookieFile = join(dir, '.cookie')
    const node = await startBtcRpcServer(buildSampleChain(), { auth: { cookieFile } })
    try {
      const cookie = await readFile(cookieFile, 'utf8')
      assert.match(cookie, /^__cookie__:[0-9a-f]{64}$/)
      assert.equal((await stat(cookieFile)).mode & 0o777, 0o600)
      const [user, password] = cookie.split(':') as [string, string]
      const r = await post(node.url, '{"id":1,"method":"getblockcount"}', basic(user, password))
      assert.equal(r.text, '{"result":103,"error":null,"id":1}\n')
      assert.equal((await post(node.url, '{"id":1,"method":"getblockcount"}', basic(user, 'x'))).status, 401)
    } finally {
      await node.close()
    }
    await assert.rejects(stat(cookieFile))
  })
})
