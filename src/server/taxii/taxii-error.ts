import { DragnetError } from '../../core/errors.ts'
import { errorBody } from '../error-handler.ts'

/** A TAXII error message (section 3.6.1): the same codes as the API, in TAXII's shape. */
export interface TaxiiError {
  title: string
  description: string
  error_code: string
  http_status: string
  details: Record<string, unknown>
}

/** An error the TAXII endpoints answer with a status of their own (406, 415, 400 for a bad parameter). */
export class TaxiiHttpError extends DragnetError {
  constructor(
    readonly status: number,
    code: ConstructorParameters<typeof DragnetError>[0],
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { details })
  }
}

/** Anything thrown in a TAXII handler as a status and a TAXII error message. */
export function taxiiErrorOf(thrown: unknown): { status: number; body: TaxiiError; internal: boolean } {
  const { status: base, body, internal } = errorBody(thrown)
  const status = thrown instanceof TaxiiHttpError ? thrown.status : base
  return {
    status,
    internal,
    body: {
      title: body.message,
      description: body.message,
      error_code: body.code,
      http_status: String(status),
      details: body.details,
    },
  }
}
