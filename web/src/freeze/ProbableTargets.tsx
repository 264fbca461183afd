import { Link, pathOf } from '../app/router.tsx'
import { ruleName } from '../trace/ProbableLinks.tsx'
import { percent } from '../trace/probable-model.ts'
import type { TraceJson } from '../trace/trace-json.ts'
import { amountText } from '../trace/trace-units.ts'
import { short } from '../ui/format.ts'

/**
 * Freezable places the trace reached only past a mixer: each rests on one probable link, with its confidence.
 * They are listed apart from the exact freeze list and offer no draft: a freeze request asks an exchange to act on
 * exact evidence, so the link is for the investigator to confirm first.
 */
export function ProbableTargets({
  incidentId,
  traceId,
  result,
}: {
  incidentId: string
  traceId: string
  result: TraceJson
}) {
  const layer = result.probable
  if (!layer) return null
  const rows = layer.endpoints.filter((e) => e.freezableBy.length > 0)
  const links = new Map(layer.links.map((l) => [l.id, l]))
  const assets = { ...(layer.assets ?? {}), ...result.assets }
  const capped = layer.capped ? (
    <p className="muted">
      {layer.capped.links} links qualified; the {layer.capped.maxLinks} most confident were followed.
    </p>
  ) : null
  if (rows.length === 0)
    return (
      <>
        <p>No freezable place past the mixers at this confidence.</p>
        {capped}
      </>
    )
  return (
    <div className="table-wrap">
      {capped}
      <table aria-label="Probable freeze targets">
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Freezable by</th>
            <th scope="col" className="num">
              Amount (probable)
            </th>
            <th scope="col">Rests on a probable link</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => {
            const l = links.get(e.link)
            return (
              <tr key={`${e.address}|${e.asset}|${e.link}`} data-address={e.address}>
                <td className="mono" title={e.address}>
                  <Link to={`${pathOf('incidents', incidentId, 'traces', traceId)}?address=${e.address}`}>
                    {short(e.address)}
                  </Link>
                </td>
                <td>{e.freezableBy.map((f) => `${f.name} (${f.kind})`).join(', ')}</td>
                <td className="num">{amountText(assets, e.asset, e.amount)}</td>
                <td>
                  rests on a probable link: confidence {percent(e.confidence)}
                  {l ? (
                    <>
                      {' '}
                      · pool{' '}
                      <span className="mono" title={l.pool}>
                        {short(l.pool)}
                      </span>{' '}
                      · withdrawal{' '}
                      <span className="mono" title={l.withdrawal.tx}>
                        {short(l.withdrawal.tx, 10)}
                      </span>
                    </>
                  ) : null}{' '}
                  · {e.rules.map(ruleName).join(', ')}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
