import { SeverityBadge } from '../screening/SeverityBadge.tsx'
import type { RepoScan } from './hire-types.ts'

/** The scanner's report: what it read, what it found where, and the line that shows it. */
export function RepoScanReport({ r }: { r: RepoScan }) {
  return (
    <section className="panel" aria-labelledby="scan-report">
      <h2 id="scan-report">
        Scan of <code>{r.target}</code>: highest <SeverityBadge value={r.highest} />
      </h2>
      <p>
        {r.kind}, {r.filesScanned} files, {r.bytesScanned.toLocaleString('en')} bytes read (nothing run or installed);{' '}
        <strong>{r.counts.high}</strong> high, <strong>{r.counts.medium}</strong> medium,{' '}
        <strong>{r.counts.low}</strong> low.
        {r.sha256 ? (
          <>
            {' '}
            SHA-256 <code className="hash">{r.sha256}</code>
          </>
        ) : null}
      </p>
      {r.findings.length === 0 ? (
        <p className="muted">
          No finding. A static scan cannot prove a repository safe: run any coding test only in a disposable machine.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="findings">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Rule</th>
                <th scope="col">Where</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {r.findings.map((f) => (
                <tr key={`${f.file}:${f.line}:${f.rule}`} data-rule={f.rule}>
                  <td>
                    <SeverityBadge value={f.severity} />
                  </td>
                  <td>
                    <code>{f.rule}</code>
                  </td>
                  <td>
                    <code>
                      {f.file}:{f.line}
                    </code>
                  </td>
                  <td>
                    {f.message}
                    <pre className="excerpt">{f.excerpt}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r.skipped.length > 0 ? <p className="muted">Skipped (over 16 MiB): {r.skipped.join(', ')}</p> : null}
    </section>
  )
}
