import { type FormEvent, useState } from 'react'

export interface ScanInput {
  file: File
  minSeverity: 'low' | 'medium' | 'high'
}

/** A coding test's archive (.tgz or .tar, as `npm pack` or `git archive` writes it) to scan without running it. */
export function RepoScanForm({ busy, onSubmit }: { busy: boolean; onSubmit: (i: ScanInput) => void }) {
  const [file, setFile] = useState<File | null>(null)
  const [minSeverity, setMinSeverity] = useState<ScanInput['minSeverity']>('low')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (file) onSubmit({ file, minSeverity })
  }
  return (
    <form className="panel hire-options" onSubmit={submit} aria-label="Scan a coding test">
      <div>
        <label htmlFor="scan-archive">Repository or package archive (.tgz, .tar; up to 16 MiB)</label>
        <input
          id="scan-archive"
          type="file"
          accept=".tgz,.tar.gz,.tar,application/gzip,application/x-tar"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <div>
        <label htmlFor="scan-min">Report from severity</label>
        <select
          id="scan-min"
          value={minSeverity}
          onChange={(e) => setMinSeverity(e.target.value as ScanInput['minSeverity'])}
        >
          <option value="low">low</option>
          <option value="medium">medium</option>
          <option value="high">high</option>
        </select>
      </div>
      <button type="submit" disabled={busy || file === null}>
        {busy ? 'Scanning…' : 'Scan archive'}
      </button>
    </form>
  )
}
