import { useState } from 'react'
import { useApi } from '../api/session.tsx'
import { useApiData } from '../api/use-api-data.ts'
import { useLocation } from '../app/router.tsx'
import { formatTime, formatUnits, short } from '../ui/format.ts'
import { ErrorBanner, Loading } from '../ui/states.tsx'
import { AddressLink } from './AddressLink.tsx'
import type { AddressTransfer, AddressTransfersPage } from './address-types.ts'

const PAGE_SIZES = [10, 25, 100, 500]
type Direction = 'both' | 'in' | 'out'

/** A transfer's amount, exact, from its base units: in its asset's units when the decimals are known. */
export function transferAmount(t: Pick<AddressTransfer, 'amount' | 'decimals' | 'symbol' | 'asset'>): string {
  const name = t.symbol ?? (t.asset === 'native' ? 'ETH' : short(t.asset))
  return t.decimals === null
    ? `${formatUnits(t.amount, 0)} base units of ${name}`
    : `${formatUnits(t.amount, t.decimals)} ${name}`
}

/**
 * Transfers in and out, oldest first, a page at a time. The API pages by keyset (`next`), so going back keeps the
 * cursors already seen; the CSV is the whole list with the same filter, as the server writes it.
 */
export function TransfersPanel({ chain, address }: { chain: string; address: string }) {
  const api = useApi()
  const [direction, setDirection] = useState<Direction>('both')
  // ?limit= in the page's URL sets the page size (1 to 500, as the API takes), so a link can carry it.
  const asked = Number(useLocation().query.get('limit'))
  const [limit, setLimit] = useState(Number.isInteger(asked) && asked >= 1 && asked <= 500 ? asked : 25)
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  const [downloadError, setDownloadError] = useState<unknown>(null)
  const base = `/v1/addresses/${encodeURIComponent(chain)}/${encodeURIComponent(address)}/transfers`
  const cursor = cursors[cursors.length - 1]
  const { data, error, loading } = useApiData<AddressTransfersPage>(base, {
    direction: direction === 'both' ? undefined : direction,
    limit,
    cursor,
  })
  const restart = () => setCursors([undefined])
  const page = cursors.length
  const download = () => {
    setDownloadError(null)
    api
      .download(base, `transfers-${chain}-${address}.csv`, {
        format: 'csv',
        direction: direction === 'both' ? undefined : direction,
      })
      .catch(setDownloadError)
  }

  return (
    <section className="panel" aria-labelledby="address-transfers">
      <header className="page-header">
        <h2 id="address-transfers">Transfers</h2>
        <TransferControls
          direction={direction}
          limit={limit}
          onDirection={(d) => {
            setDirection(d)
            restart()
          }}
          onLimit={(n) => {
            setLimit(n)
            restart()
          }}
          onDownload={download}
        />
      </header>
      <ErrorBanner error={error ?? downloadError} />
      {loading && !data ? <Loading what="transfers" /> : null}
      {data ? <TransferTable chain={chain} transfers={data.transfers} /> : null}
      <Pager
        page={page}
        busy={loading}
        hasNext={Boolean(data?.next)}
        onPrevious={() => setCursors((c) => c.slice(0, -1))}
        onNext={() => {
          const next = data?.next
          if (next) setCursors((c) => [...c, next])
        }}
      />
    </section>
  )
}

function TransferTable({ chain, transfers }: { chain: string; transfers: readonly AddressTransfer[] }) {
  if (transfers.length === 0) return <p className="muted">No transfers.</p>
  return (
    <div className="table-wrap">
      <table className="transfers">
        <thead>
          <tr>
            <th scope="col">Block</th>
            <th scope="col">Time</th>
            <th scope="col">Transaction</th>
            <th scope="col">Direction</th>
            <th scope="col">Counterparty</th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {transfers.map((t) => (
            <tr key={`${t.tx}-${t.position}-${t.direction}`} data-direction={t.direction}>
              <td className="num">{t.block}</td>
              <td>{formatTime(t.time)}</td>
              <td>
                <code title={t.tx}>{short(t.tx, 10)}</code> <span className="muted">{t.position}</span>
              </td>
              <td>{t.direction}</td>
              <td>
                {t.direction === 'in' ? 'from ' : 'to '}
                <AddressLink chain={chain} address={t.direction === 'in' ? t.from : t.to} />
              </td>
              <td className="num amount">{transferAmount(t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function TransferControls(p: {
  direction: Direction
  limit: number
  onDirection: (d: Direction) => void
  onLimit: (n: number) => void
  onDownload: () => void
}) {
  const { direction, limit, onDirection, onLimit, onDownload } = p
  return (
    <div className="page-actions transfer-controls">
      <label htmlFor="transfers-direction">Direction</label>
      <select id="transfers-direction" value={direction} onChange={(e) => onDirection(e.target.value as Direction)}>
        <option value="both">in and out</option>
        <option value="in">in</option>
        <option value="out">out</option>
      </select>
      <label htmlFor="transfers-limit">Per page</label>
      <select id="transfers-limit" value={limit} onChange={(e) => onLimit(Number(e.target.value))}>
        {[...new Set([...PAGE_SIZES, limit])]
          .sort((a, b) => a - b)
          .map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
      </select>
      <button type="button" className="secondary" onClick={onDownload}>
        Download CSV
      </button>
    </div>
  )
}

/** Back and forth over keyset pages: the way back is the cursors already seen. */
function Pager(p: { page: number; busy: boolean; hasNext: boolean; onPrevious: () => void; onNext: () => void }) {
  const { page, busy, hasNext, onPrevious, onNext } = p
  return (
    <nav className="pager" aria-label="Transfer pages">
      <button type="button" className="secondary" disabled={page === 1 || busy} onClick={onPrevious}>
        Previous page
      </button>
      <span aria-live="polite">Page {page}</span>
      <button type="button" className="secondary" disabled={!hasNext || busy} onClick={onNext}>
        Next page
      </button>
    </nav>
  )
}
