import type { Alert } from '../../src/watch/alert-types.ts'

export const USDT = '0xdac17f958d2ee523a2206206994597c13d831ec7'
export const DEPOSIT = '0x00000000000000000000000000000000000dec01'
const hash = (n: number, tag: string) => `0x${tag}${n.toString(16).padStart(64 - tag.length, '0')}`

/**
 * A freezable arrival on `incident`: 2,500 USDT (2500000000 base units at 6 decimals) reaching an exchange's
 * deposit address in block 1000 + n, with a ready freeze request.
 */
export function sampleAlert(n: number, incident: string, over: Partial<Alert> = {}): Alert {
  const tx = hash(n, 'aa')
  return {
    format: 'dragnet.alert/1',
    id: `alert-${n}`,
    kind: 'freezable-arrival',
    severity: 'high',
    incident,
    chain: 'ethereum',
    block: String(1000 + n),
    blockHash: hash(n, 'bb'),
    tx,
    addresses: [DEPOSIT],
    asset: USDT,
    amount: '2500000000',
    symbol: 'USDT',
    decimals: 6,
    path: [{ from: '0x7f01', to: DEPOSIT, tx, block: String(1000 + n), asset: USDT, amount: '2500000000' }],
    place: 'exchange-deposit',
    freezeRequest: {
      freezer: { kind: 'exchange', name: 'Harbor Exchange' },
      address: DEPOSIT,
      asset: USDT,
      amount: '2500000000',
      txs: [tx],
      evidence: { incident, model: 'haircut', path: [], labels: ['Harbor Exchange deposit'] },
    },
    freezeWindow: {
      address: DEPOSIT,
      asset: USDT,
      freezableBy: [{ kind: 'exchange', name: 'Harbor Exchange' }],
      arrived: { tx, block: String(1000 + n), time: String(1772323200 + 12 * n) },
      departed: null,
      seconds: null,
    },
    retracts: null,
    raisedAt: `2026-03-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    ...over,
  }
}

/** The `retracted` alert withdrawing `target` (its block left the chain). */
export function retraction(target: Alert, n: number): Alert {
  return {
    ...target,
    id: `retract-${target.id}`,
    kind: 'retracted',
    severity: 'medium',
    path: [],
    place: null,
    freezeRequest: null,
    freezeWindow: null,
    retracts: target.id,
    raisedAt: `2026-03-01T00:01:${String(n % 60).padStart(2, '0')}.000Z`,
  }
}
