import { humanAmount, unitsOf } from '../asset-amount.ts'
import type { CaseContact, CaseFreezeRequest, CaseIncident, CasePathStep } from '../case-types.ts'

/** One row of the letter's path table, every amount already in the asset's units. */
export interface LetterStep {
  step: number
  from: string
  to: string
  amount: string
  tainted: string
  tx: string
  block: string
  time: string | null
}

/**
 * A freeze request as a letter: the content only, rendered to HTML and to PDF by the same model so both say the
 * same thing. Every amount is exact: formatted from base units, never through a float.
 */
export interface FreezeLetter {
  tlp: string
  reference: string
  date: string
  to: string
  from: CaseContact
  subject: string
  /** Paragraphs of the request itself. */
  body: string[]
  /** Key facts as label and value, in reading order. */
  facts: [string, string][]
  path: LetterStep[]
  transactions: string[]
  /** When the funds must be frozen by; null until freeze windows are estimated. */
  freezeWindow: string | null
  handling: string
}

/** What each TLP 2.0 marking asks of the recipient (FIRST's definitions, shortened). */
const TLP_HANDLING: Record<string, string> = {
  CLEAR: 'TLP:CLEAR: the recipient may share this information without restriction.',
  GREEN: 'TLP:GREEN: the recipient may share this information within its community, not publicly.',
  AMBER:
    'TLP:AMBER: the recipient may share this information on a need-to-know basis within its organisation and with its clients, to act on it.',
  'AMBER+STRICT':
    'TLP:AMBER+STRICT: the recipient may share this information on a need-to-know basis within its organisation only.',
  RED: 'TLP:RED: for the named recipient only; no further disclosure.',
}

const isoTime = (unix: string | null): string | null =>
  unix === null || !/^\d+$/.test(unix) ? null : new Date(Number(unix) * 1000).toISOString().replace('.000Z', 'Z')

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v))

function stepOf(raw: Record<string, unknown>, i: number, assets: CaseFreezeRequest['evidence']['assets']): LetterStep {
  const s = raw as unknown as CasePathStep
  const units = unitsOf(assets, str(s.asset))
  return {
    step: i + 1,
    from: str(s.from),
    to: str(s.to),
    amount: humanAmount(str(s.amount), units, str(s.asset)),
    tainted: humanAmount(str(s.tainted), units, str(s.asset)),
    tx: str(s.tx),
    block: str(s.block),
    time: isoTime(s.time === null || s.time === undefined ? null : str(s.time)),
  }
}

/** The letter for one freeze request, addressed to the exchange's or issuer's compliance desk. */
export function freezeLetter(
  incident: CaseIncident,
  fr: CaseFreezeRequest,
  contact: CaseContact,
  date: string,
): FreezeLetter {
  const units = unitsOf(fr.evidence.assets, fr.asset)
  const amount = humanAmount(fr.amount, units, fr.asset)
  const desk = `${fr.target.name || (fr.target.kind === 'exchange' ? 'the exchange' : 'the issuer')}, compliance desk`
  const where =
    fr.target.kind === 'exchange'
      ? `the account behind ${fr.evidence.depositAddress ? 'deposit address' : 'address'} ${fr.address} on ${fr.chain}`
      : `address ${fr.address} on ${fr.chain}, in ${units.symbol ?? fr.asset} that the issuer can freeze`
  const arrival = fr.evidence.firstArrival as { tx?: string; block?: unknown; time?: unknown } | null
  const arrivalText = arrival?.tx
    ? `${arrival.tx} (block ${str(arrival.block)}${isoTime(arrival.time === null ? null : str(arrival.time)) ? `, ${isoTime(str(arrival.time))}` : ''})`
    : 'not recorded'
  const body = [
    `${contact.organisation} asks ${fr.target.name || 'you'} to freeze ${amount} held ${fr.target.kind === 'exchange' ? 'in' : 'at'} ${where}. ` +
      `These funds derive from the incident "${incident.title}"${incident.occurredAt ? ` of ${incident.occurredAt}` : ''}.`,
    `The path below shows how the funds reached the address, one transfer per line, with the transactions that ` +
      `carried them. Amounts are exact; the tainted amount is the share of each transfer attributed to the ` +
      `incident under the ${fr.evidence.model} taint model.`,
    'Please confirm receipt, freeze the funds while the request is reviewed, and tell us the amount frozen. ' +
      'The evidence package attached to this letter holds the same data in machine-readable form, with SHA-256 ' +
      "hashes of every file and our organisation's Ed25519 signature over them.",
  ]
  if (incident.description) body.splice(1, 0, incident.description)
  return {
    tlp: fr.tlp,
    reference: fr.id,
    date,
    to: desk,
    from: contact,
    subject: `Freeze request: ${amount} at ${fr.address}`,
    body,
    facts: [
      ['Incident', `${incident.title} (${incident.id})`],
      ['Chain', fr.chain],
      ['Address', fr.address],
      [
        'Asset',
        fr.asset === 'native' ? `${units.symbol ?? 'native'} (native coin)` : `${units.symbol ?? '?'} (${fr.asset})`,
      ],
      ['Amount to freeze', units.decimals === null ? amount : `${amount} (${fr.amount} base units)`],
      ['Held as', fr.evidence.category + (fr.evidence.depositAddress ? ' (deposit address)' : '')],
      ['First tainted arrival', arrivalText],
      ['Transactions that brought funds', String(fr.evidence.txs.length)],
      ['Trace', `${fr.evidence.traceId}, ${fr.evidence.model} model`],
      ['Request', `${fr.id}, status ${fr.status}, drafted ${fr.createdAt}`],
    ],
    path: fr.evidence.path.map((s, i) => stepOf(s, i, fr.evidence.assets)),
    transactions: [...fr.evidence.txs],
    freezeWindow: null,
    handling: TLP_HANDLING[fr.tlp] ?? `TLP:${fr.tlp}`,
  }
}
