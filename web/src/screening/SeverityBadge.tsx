import './screening.css'

/** A severity (none … severe) or a decision, as a badge whose colour and text both carry it. */
export function SeverityBadge({ value }: { value: string }) {
  return <span className={`badge sev sev-${value}`}>{value}</span>
}
