import { ApiError } from '../api/client.ts'

/** A JSON text that must hold applicant records: one object, or an array of them (as `dragnet hire` reads files). */
export function applicantRecords(text: string, what: string): Record<string, unknown>[] {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (e) {
    throw invalid(`${what} is not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  const list = Array.isArray(v) ? v : [v]
  for (const r of list) {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      throw invalid(`${what} must hold applicant objects`)
    }
  }
  return list as Record<string, unknown>[]
}

/** Input the page refuses before asking the server, with the code the server gives a malformed applicant. */
const invalid = (message: string) => new ApiError(400, 'HIRE_INVALID_APPLICANT', message)

/** A file's bytes as base64, as POST /v1/hire/scan takes an archive. */
export function fileBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => {
      const url = String(r.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    r.onerror = () => reject(r.error ?? new Error('cannot read the file'))
    r.readAsDataURL(file)
  })
}
