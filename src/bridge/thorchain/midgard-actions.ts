import { DragnetError } from '../../core/errors.ts'

/**
 * Midgard's `/v2/actions` response (THORChain's indexer, midgard.ninerealms.com/v2/doc), as far as links need
 * it. Amounts are decimal strings in THORChain's 1e8 units for every asset; txIDs are upper-case hex without
 * `0x`, empty for a leg paid inside THORChain.
 */
export interface MidgardActions {
  actions: MidgardAction[]
  count: string
  meta?: { nextPageToken?: string | null; prevPageToken?: string | null }
}

export interface MidgardAction {
  date: string
  height: string
  in: MidgardTx[]
  out: MidgardTx[]
  metadata: { swap?: { memo?: string }; refund?: { memo?: string; reason?: string } } & Record<string, unknown>
  pools: string[]
  status: string
  type: string
}

export interface MidgardTx {
  address: string
  coins: { amount: string; asset: string }[]
  txID: string
  height?: string
}

/** Checks that parsed JSON has Midgard's actions shape; throws BRIDGE_MALFORMED naming the first bad field. */
export function parseMidgardActions(json: unknown, file = 'actions'): MidgardActions {
  const bad = (where: string, what: string): never => {
    throw new DragnetError('BRIDGE_MALFORMED', `${file}: ${where} is not ${what} (Midgard /v2/actions shape)`, {
      details: { file, where },
    })
  }
  if (!isObject(json) || !Array.isArray(json.actions)) return bad('actions', 'an array')
  for (const [i, a] of (json.actions as unknown[]).entries()) {
    const at = `actions[${i}]`
    if (!isObject(a)) return bad(at, 'an object')
    for (const k of ['date', 'height', 'status', 'type'] as const) {
      if (typeof a[k] !== 'string') bad(`${at}.${k}`, 'a string')
    }
    if (!isObject(a.metadata)) bad(`${at}.metadata`, 'an object')
    for (const side of ['in', 'out'] as const) {
      const legs = a[side]
      if (!Array.isArray(legs)) return bad(`${at}.${side}`, 'an array')
      for (const [j, leg] of (legs as unknown[]).entries()) checkTx(leg, `${at}.${side}[${j}]`, bad)
    }
  }
  return json as unknown as MidgardActions
}

function checkTx(leg: unknown, at: string, bad: (where: string, what: string) => never): void {
  if (!isObject(leg)) bad(at, 'an object')
  if (typeof leg.address !== 'string') bad(`${at}.address`, 'a string')
  if (typeof leg.txID !== 'string') bad(`${at}.txID`, 'a string')
  if (!Array.isArray(leg.coins)) bad(`${at}.coins`, 'an array')
  for (const [k, c] of (leg.coins as unknown[]).entries()) {
    if (!isObject(c) || typeof c.asset !== 'string') bad(`${at}.coins[${k}].asset`, 'a string')
    if (typeof c.amount !== 'string' || !/^\d+$/.test(c.amount))
      bad(`${at}.coins[${k}].amount`, 'a decimal integer string')
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
