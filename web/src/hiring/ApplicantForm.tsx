import { type FormEvent, useState } from 'react'

export interface ApplicantInput {
  applicant: string
  against: { name: string; text: string }[]
  resumeThreshold: number
}

/** The applicant as JSON (pasted or a file), and other applicants' files to link against. */
export function ApplicantForm({ busy, onSubmit }: { busy: boolean; onSubmit: (i: ApplicantInput) => void }) {
  const [applicant, setApplicant] = useState('')
  const [against, setAgainst] = useState<{ name: string; text: string }[]>([])
  const [threshold, setThreshold] = useState(80)
  const loadApplicant = async (f: File | undefined) => {
    if (f) setApplicant(await f.text())
  }
  const loadAgainst = async (files: FileList | null) =>
    setAgainst(await Promise.all([...(files ?? [])].map(async (f) => ({ name: f.name, text: await f.text() }))))
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit({ applicant, against, resumeThreshold: threshold })
  }
  return (
    <form className="panel hire-form" onSubmit={submit} aria-label="Check an applicant">
      <label htmlFor="applicant-json">Applicant record (JSON, as docs/hire.md describes)</label>
      <textarea
        id="applicant-json"
        value={applicant}
        onChange={(e) => setApplicant(e.target.value)}
        spellCheck={false}
        placeholder='{ "id": "…", "identity": { "name": "…", "claimedLocation": { "country": "…", "timeZone": "…" } } }'
      />
      <div className="hire-options">
        <div>
          <label htmlFor="applicant-file">or an applicant file</label>
          <input
            id="applicant-file"
            type="file"
            accept=".json,application/json"
            onChange={(e) => void loadApplicant(e.target.files?.[0])}
          />
        </div>
        <div>
          <label htmlFor="against-files">Other applicants to link against (JSON files)</label>
          <input
            id="against-files"
            type="file"
            accept=".json,application/json"
            multiple
            onChange={(e) => void loadAgainst(e.target.files)}
          />
        </div>
        <div>
          <label htmlFor="resume-threshold">Résumé similarity that links (%)</label>
          <input
            id="resume-threshold"
            type="number"
            min={1}
            max={100}
            value={threshold}
            onChange={(e) => setThreshold(Number(e.target.value))}
          />
        </div>
        <button type="submit" disabled={busy || applicant.trim() === ''}>
          {busy ? 'Checking…' : 'Check applicant'}
        </button>
      </div>
      {against.length > 0 ? <p className="muted">Linking against {against.map((a) => a.name).join(', ')}.</p> : null}
    </form>
  )
}
