import { useState } from 'react'
import { useApi } from '../api/session.tsx'
import { ApplicantForm, type ApplicantInput } from '../hiring/ApplicantForm.tsx'
import { ApplicantReport } from '../hiring/ApplicantReport.tsx'
import type { ApplicantCheck, RepoScan } from '../hiring/hire-types.ts'
import '../hiring/hiring.css'
import { RepoScanForm, type ScanInput } from '../hiring/RepoScanForm.tsx'
import { RepoScanReport } from '../hiring/RepoScanReport.tsx'
import { applicantRecords, fileBase64 } from '../hiring/read-applicants.ts'
import { ErrorBanner, PageHeader } from '../ui/states.tsx'

/** Hiring safely: an applicant against the published red flags of DPRK IT workers, and a coding test's static scan. */
export function HiringPage() {
  const api = useApi()
  const [checking, setChecking] = useState(false)
  const [checkError, setCheckError] = useState<unknown>(null)
  const [check, setCheck] = useState<ApplicantCheck | null>(null)
  const [scanning, setScanning] = useState(false)
  const [scanError, setScanError] = useState<unknown>(null)
  const [scan, setScan] = useState<RepoScan | null>(null)

  const runCheck = async (i: ApplicantInput) => {
    setChecking(true)
    setCheckError(null)
    setCheck(null)
    try {
      const [applicant, ...more] = applicantRecords(i.applicant, 'the applicant record')
      const against = [...more, ...i.against.flatMap((f) => applicantRecords(f.text, f.name))]
      setCheck(
        await api.post<ApplicantCheck>('/v1/hire/applicants/check', {
          applicant,
          ...(against.length > 0 ? { against } : {}),
          resumeThreshold: i.resumeThreshold,
        }),
      )
    } catch (e) {
      setCheckError(e)
    } finally {
      setChecking(false)
    }
  }
  const runScan = async (i: ScanInput) => {
    setScanning(true)
    setScanError(null)
    setScan(null)
    try {
      const archive = await fileBase64(i.file)
      setScan(await api.post<RepoScan>('/v1/hire/scan', { archive, name: i.file.name, minSeverity: i.minSeverity }))
    } catch (e) {
      setScanError(e)
    } finally {
      setScanning(false)
    }
  }

  return (
    <section className="page-hiring">
      <PageHeader title="Hiring" />
      <section aria-labelledby="hire-applicant">
        <h2 id="hire-applicant">Applicant red flags</h2>
        <p className="muted">
          Scored against published guidance (each signal cites its source). Advisory: a reason to look closer, never a
          decision about a person; no rule uses nationality or ethnicity. An array's first record is the applicant, the
          rest are linked against.
        </p>
        <ApplicantForm busy={checking} onSubmit={(i) => void runCheck(i)} />
        <ErrorBanner error={checkError} />
        {check ? <ApplicantReport r={check} /> : null}
      </section>
      <section aria-labelledby="hire-scan">
        <h2 id="hire-scan">Coding-test scan</h2>
        <p className="muted">
          Reads the archive statically for the loaders of fake job offers (lifecycle scripts, remote eval, hidden and
          encoded code, wallet theft, known malicious packages); nothing in it is run, installed or unpacked.
        </p>
        <RepoScanForm busy={scanning} onSubmit={(i) => void runScan(i)} />
        <ErrorBanner error={scanError} />
        {scan ? <RepoScanReport r={scan} /> : null}
      </section>
    </section>
  )
}
