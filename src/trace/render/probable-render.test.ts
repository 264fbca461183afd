import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { explainAddress, renderExplain } from '../result/explain.ts'
import {
  ACTIVITY,
  ALL,
  CHAIN,
  DEPOSIT,
  GAS_LINK,
  LABELS,
  POOL,
  RECIPIENT,
  RELAYER,
  run,
  THIEF,
  TIMING_LINK,
  VICTIM,
} from '../through-mixers/pool-scenario.ts'
import { fixedMixer, traceThroughMixers } from '../through-mixers/probable-test-kit.ts'
import { txHash } from '../trace-fixture.ts'
import { renderCsv, renderDot, renderJson } from './render-formats.ts'
import { renderTable } from './render-table.ts'

describe('the probable layer rendered', () => {
  it('table: the exact report as it was, then the probable section with links, freeze targets and unlinked', async () => {
    const { exact, out } = await run('haircut')
    const text = renderTable(out)
    assert.ok(text.startsWith(renderTable(exact)), 'the exact report comes first, unchanged')
    const probable = text.slice(renderTable(exact).length).split('\n')
    assert.deepEqual(probable.slice(0, 2), ['', 'Probable, past mixers (not in the totals above)'])
    assert.ok(
      probable.includes(
        '  Links at confidence >= 0.5, rules: address-match, gas-price, linked-addresses, multi-denomination, timing',
      ),
    )
    assert.ok(probable.includes(`  Link 1: pool ${POOL}, notes of 100 ETH`))
    assert.ok(probable.includes(`    deposit ${txHash(3)} (block 3) -> withdrawal ${txHash(5)} (block 5)`))
    assert.ok(probable.includes(`    recipient ${RECIPIENT}; relayer ${RELAYER}, fee 1 ETH`))
    assert.ok(probable.includes('    60 ETH tainted in the note, 60 ETH seeded past the pool, 8 hops'))
    assert.ok(probable.includes('    confidence 0.80, anonymity set 2 before, 1 after'))
    assert.ok(probable.includes('    gas-price (0.80): gas-price joins them'))
    assert.ok(
      probable.includes(
        `    exchange Harbor: ${DEPOSIT} holds 59.4 ETH (deposit address), first ${txHash(6)} (block 6); ` +
          `rests on link ${GAS_LINK.id} (gas-price, confidence 0.80)`,
      ),
    )
    assert.ok(probable.includes('  Unlinked: none (every tainted note has a link)'))
    const none = renderTable((await run('haircut', 0.9)).out)
    assert.ok(none.includes('\n  Unlinked: 60 ETH in notes no link leads out of\n'))
    assert.ok(none.includes('\n    nothing freezable found past the mixers\n'))
  })

  it('table: a link that competes with another says so', async () => {
    const rival = { ...GAS_LINK, competing: [{ id: TIMING_LINK.id, confidence: 0.3, shares: 'deposit' as const }] }
    const mixer = fixedMixer(ACTIVITY, [rival])
    const options = { minConfidence: 0.5, rules: ALL }
    const { out } = await traceThroughMixers(CHAIN, [txHash(1)], LABELS, 'haircut', mixer, options, renderJson)
    assert.ok(renderTable(out).includes(`\n    competing ${TIMING_LINK.id} (0.30, another withdrawal of this note)\n`))
  })

  it('csv: byte-identical without layers; with them a layer column and the probable transfers after the exact', async () => {
    const { exact, out } = await run('haircut')
    assert.equal(renderCsv(out), renderCsv(exact))
    const lines = renderCsv(out, undefined, { layers: true }).trimEnd().split('\n')
    assert.equal(lines[0], 'from,to,asset,symbol,amount,tainted,tx,block,time,position,layer')
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',').filter((_, i) => [0, 1, 5, 10].includes(i))),
      [
        [VICTIM, THIEF, '60000000000000000000', 'exact'],
        [THIEF, POOL, '60000000000000000000', 'exact'],
        [POOL, RECIPIENT, '59400000000000000000', 'probable'],
        [POOL, RELAYER, '600000000000000000', 'probable'],
        [RECIPIENT, DEPOSIT, '59400000000000000000', 'probable'],
      ],
    )
  })

  it('dot: probable transfers and the addresses only they reach are dashed', async () => {
    const { out } = await run('haircut')
    const dot = renderDot(out)
    assert.ok(
      dot.includes(
        `"${POOL}" -> "${RECIPIENT}" [style=dashed, label="59.4 ETH\\n0x000000…1388\\ngas-price, confidence 0.80"];`,
      ),
    )
    assert.match(dot, new RegExp(`"${DEPOSIT}" \\[label="[^"]*probable", [^\\]]*style="rounded,filled,dashed"\\];`))
    assert.ok(dot.includes(`"${VICTIM}" -> "${THIEF}" [label=`), 'exact transfers stay solid')
  })

  it('explain: an address reached only past the mixer shows the path to the pool, the link, the path after', async () => {
    const { exact, out } = await run('haircut')
    const x = explainAddress(out, DEPOSIT)
    assert.equal(x.node, null)
    const a = x.probable?.arrivals
    assert.equal(a?.length, 1)
    assert.deepEqual(
      a?.[0]?.toPool.map((e) => [e.from, e.to, e.tainted]),
      [
        [VICTIM, THIEF, 60n * 10n ** 18n],
        [THIEF, POOL, 60n * 10n ** 18n],
      ],
    )
    assert.equal(a?.[0]?.link.id, GAS_LINK.id)
    assert.deepEqual(
      a?.[0]?.path.map((e) => [e.from, e.to, e.tainted]),
      [
        [POOL, RECIPIENT, 594n * 10n ** 17n],
        [RECIPIENT, DEPOSIT, 594n * 10n ** 17n],
      ],
    )
    const text = renderExplain(out, x)
    assert.ok(text.includes('\n  ended here (probable): 59.4 ETH as exchange, on link '))
    assert.ok(text.includes('\n     exact path to the pool:\n'))
    assert.ok(
      text.includes(`\n     link ${GAS_LINK.id} (gas-price, confidence 0.80), anonymity set 2 before, 1 after:\n`),
    )
    assert.ok(text.includes('\n     after the pool:\n'))
    // An address the exact trace reached is explained as without the layer.
    assert.equal(renderExplain(out, explainAddress(out, THIEF)), renderExplain(exact, explainAddress(exact, THIEF)))
    assert.deepEqual(explainAddress(out, THIEF), explainAddress(exact, THIEF))
  })
})
