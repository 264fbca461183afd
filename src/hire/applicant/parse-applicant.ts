import { DragnetError } from '../../core/errors.ts'
import { type Applicant, applicantSchema } from './applicant.ts'

/** Validates a parsed JSON value as an applicant, or throws HIRE_INVALID_APPLICANT naming each bad field. */
export function parseApplicant(value: unknown, source = 'applicant'): Applicant {
  const result = applicantSchema.safeParse(value)
  if (result.success) return result.data
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
  throw new DragnetError('HIRE_INVALID_APPLICANT', `${source} is not a valid applicant record: ${problems[0]}`, {
    details: { source, problems },
  })
}

/** Parses applicant JSON text; malformed JSON is HIRE_INVALID_APPLICANT too. */
export function parseApplicantJson(text: string, source = 'applicant'): Applicant {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new DragnetError('HIRE_INVALID_APPLICANT', `${source} is not valid JSON`, {
      details: { source },
      cause: error,
    })
  }
  return parseApplicant(value, source)
}
