import { type FormEvent, useState } from 'react'
import type { Severity } from './screen-types.ts'

export interface ScreeningRequest {
  /** The CSV's name and text, when a file was chosen; otherwise the pasted text is screened. */
  file: { name: string; text: string } | null
  pasted: string
  chain: string
  hops: number
  flagFrom: Exclude<Severity, 'none'>
}

/** The screening form: paste addresses or choose a CSV, pick how far exposure goes and where a flag starts. */
export function ScreeningForm({
  busy,
  flagFrom,
  onFlagFrom,
  onSubmit,
}: {
  busy: boolean
  flagFrom: Exclude<Severity, 'none'>
  onFlagFrom: (s: Exclude<Severity, 'none'>) => void
  onSubmit: (r: ScreeningRequest) => void
}) {
  const [pasted, setPasted] = useState('')
  const [file, setFile] = useState<{ name: string; text: string } | null>(null)
  const [chain, setChain] = useState('')
  const [hops, setHops] = useState(1)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit({ file, pasted, chain: chain.trim(), hops, flagFrom })
  }
  const choose = async (f: File | undefined) => setFile(f ? { name: f.name, text: await f.text() } : null)
  const empty = file === null && pasted.trim() === ''

  return (
    <form className="panel screen-form" onSubmit={submit} aria-label="Screen addresses">
      <label htmlFor="screen-addresses">Addresses (one a line, or comma separated)</label>
      <textarea
        id="screen-addresses"
        value={pasted}
        onChange={(e) => setPasted(e.target.value)}
        placeholder="0x… one a line, or 0x…, 0x…"
        spellCheck={false}
      />
      <div className="screen-options">
        <div>
          <label htmlFor="screen-file">or a CSV file (a column named address, or the first column)</label>
          <input
            id="screen-file"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </div>
        <div>
          <label htmlFor="screen-chain">Chain (blank: told by each address's form)</label>
          <input id="screen-chain" value={chain} onChange={(e) => setChain(e.target.value)} placeholder="ethereum" />
        </div>
        <div>
          <label htmlFor="screen-hops">Exposure</label>
          <select id="screen-hops" value={hops} onChange={(e) => setHops(Number(e.target.value))}>
            <option value={0}>labels only (0 hops)</option>
            <option value={1}>direct (1 hop)</option>
            <option value={2}>2 hops</option>
            <option value={3}>3 hops</option>
          </select>
        </div>
        <div>
          <label htmlFor="screen-flag">Flag from severity</label>
          <select
            id="screen-flag"
            value={flagFrom}
            onChange={(e) => onFlagFrom(e.target.value as Exclude<Severity, 'none'>)}
          >
            <option value="low">low</option>
            <option value="medium">medium</option>
            <option value="high">high</option>
            <option value="severe">severe</option>
          </select>
        </div>
        <button type="submit" disabled={busy || empty}>
          {busy ? 'Screening…' : file ? `Screen ${file.name}` : 'Screen'}
        </button>
      </div>
    </form>
  )
}
