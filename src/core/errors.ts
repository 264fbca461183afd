/**
 * Every failure Dragnet reports carries a stable `code`: the CLI maps it to an exit code,
 * the API to an HTTP status, and tests assert on it rather than on message text.
 */
export type ErrorCode =
  | 'USAGE'
  | 'INVALID_ADDRESS'
  | 'INVALID_HASH'
  | 'INVALID_ARGUMENT'
  | 'INVALID_RANGE'
  | 'INVALID_CURSOR'
  | 'AMOUNT_AMBIGUOUS'
  | 'AMOUNT_TOO_PRECISE'
  | 'AMOUNT_UNKNOWN_ASSET'
  | 'RPC_TIMEOUT'
  | 'RPC_HTTP_ERROR'
  | 'RPC_MALFORMED_RESPONSE'
  | 'RPC_ERROR'
  | 'RPC_METHOD_UNSUPPORTED'
  | 'RPC_UNREACHABLE'
  | 'RPC_INVALID_DATA'
  | 'CHAIN_UNKNOWN'
  | 'CLUSTER_NOT_FOUND'
  | 'CHAIN_REORG_TOO_DEEP'
  | 'CHAIN_INCONSISTENT'
  | 'DEMO_CHECK_FAILED'
  | 'EVIDENCE_MALFORMED'
  | 'EVIDENCE_FILE_TAMPERED'
  | 'EVIDENCE_BAD_SIGNATURE'
  | 'EVIDENCE_KEY_MISMATCH'
  | 'ETL_MALFORMED'
  | 'ETL_TRUNCATED'
  | 'ETL_UNKNOWN_TABLE'
  | 'ETL_NO_FILES'
  /** A bridge's record (a Midgard actions export, a router event) not in its published shape; details say where. */
  | 'BRIDGE_MALFORMED'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNUSABLE'
  | 'HIRE_INVALID_APPLICANT'
  | 'HIRE_INVALID_ARCHIVE'
  | 'HIRE_INVALID_DATA'
  | 'HIRE_HIGH_RISK_FINDING'
  | 'LABELS_MALFORMED'
  | 'LABELS_TRUNCATED'
  | 'LABELS_UNKNOWN_FORMAT'
  | 'PRICES_MALFORMED'
  | 'PRICES_UNKNOWN_ASSET'
  | 'PRICES_FEED_INVALID'
  | 'SCREEN_INVALID_POLICY'
  | 'SCREEN_MALFORMED_INPUT'
  | 'SCREEN_RISK_FOUND'
  | 'STORE_ERROR'
  | 'STORE_SCHEMA_TOO_NEW'
  | 'STORE_KIND_UNSUPPORTED'
  | 'UNKNOWN_TABLE'
  | 'SERVER_INVALID_REQUEST'
  | 'SERVER_NOT_FOUND'
  | 'SERVER_CONFLICT'
  | 'SERVER_ILLEGAL_TRANSITION'
  | 'SERVER_PAYLOAD_TOO_LARGE'
  | 'SERVER_UNSUPPORTED_MEDIA_TYPE'
  | 'SERVER_NOT_READY'
  | 'SERVER_PORT_IN_USE'
  | 'SERVER_CANNOT_LISTEN'
  | 'TRACE_ADDRESS_NOT_REACHED'
  | 'WEB_NOT_BUILT'
  /** A STIX bundle that fails the OASIS schemas or the spec's rules; details name the object. */
  | 'STIX_INVALID'
  /** A MISP event that cannot be read; details name the object or attribute. */
  | 'MISP_INVALID'
  | 'WATCH_INVALID_POLICY'
  | 'WATCH_NOT_A_NODE'
  | 'WATCH_UNKNOWN_INCIDENT'
  | 'WEBHOOK_URL_INVALID'
  | 'WEBHOOK_SECRET_INVALID'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'WEBHOOK_DELIVERY_FAILED'
  | 'AUTH_REQUIRED'
  | 'AUTH_INVALID_KEY'
  | 'AUTH_FORBIDDEN'
  | 'AUTH_CSRF'
  | 'AUTH_LINK_INVALID'
  | 'AUTH_SESSION_INVALID'
  | 'TENANCY_CROSS_ORGANISATION'
  | 'TENANCY_SHARING_FORBIDDEN'
  | 'INTERNAL'

export type ErrorDetails = Record<string, unknown>

/** The one base error: a stable code, a short message and structured details. */
export class DragnetError extends Error {
  override readonly name: string = 'DragnetError'
  readonly code: ErrorCode
  readonly details: ErrorDetails

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetails; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.details = options.details ?? {}
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details }
  }
}

/** Process exit codes by error family; stable so scripts can branch on them. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'USAGE':
    case 'INVALID_ARGUMENT':
    case 'WEBHOOK_URL_INVALID':
    case 'WEBHOOK_SECRET_INVALID':
    case 'INVALID_RANGE':
    case 'INVALID_CURSOR':
    case 'AMOUNT_AMBIGUOUS':
    case 'AMOUNT_TOO_PRECISE':
    case 'AMOUNT_UNKNOWN_ASSET':
    case 'UNKNOWN_TABLE':
    case 'CHAIN_UNKNOWN':
    case 'CLUSTER_NOT_FOUND':
    case 'STORE_KIND_UNSUPPORTED':
      return 2
    case 'INVALID_ADDRESS':
    case 'INVALID_HASH':
    case 'ETL_MALFORMED':
    case 'ETL_TRUNCATED':
    case 'ETL_UNKNOWN_TABLE':
    case 'ETL_NO_FILES':
    case 'BRIDGE_MALFORMED':
    case 'EVIDENCE_MALFORMED':
    case 'STIX_INVALID':
    case 'MISP_INVALID':
    case 'FILE_NOT_FOUND':
    case 'FILE_UNUSABLE':
    case 'HIRE_INVALID_APPLICANT':
    case 'HIRE_INVALID_ARCHIVE':
    case 'HIRE_INVALID_DATA':
    case 'LABELS_MALFORMED':
    case 'LABELS_TRUNCATED':
    case 'LABELS_UNKNOWN_FORMAT':
    case 'PRICES_MALFORMED':
    case 'PRICES_UNKNOWN_ASSET':
    case 'PRICES_FEED_INVALID':
    case 'SCREEN_INVALID_POLICY':
    case 'WATCH_INVALID_POLICY':
    case 'WATCH_UNKNOWN_INCIDENT':
    case 'SCREEN_MALFORMED_INPUT':
      return 3
    case 'RPC_TIMEOUT':
    case 'RPC_HTTP_ERROR':
    case 'RPC_MALFORMED_RESPONSE':
    case 'RPC_ERROR':
    case 'RPC_METHOD_UNSUPPORTED':
    case 'RPC_UNREACHABLE':
    case 'RPC_INVALID_DATA':
    case 'WATCH_NOT_A_NODE':
    case 'WEBHOOK_DELIVERY_FAILED':
      return 4
    case 'CHAIN_REORG_TOO_DEEP':
    case 'CHAIN_INCONSISTENT':
      return 5
    case 'STORE_ERROR':
    case 'STORE_SCHEMA_TOO_NEW':
      return 6
    case 'EVIDENCE_FILE_TAMPERED':
    case 'EVIDENCE_BAD_SIGNATURE':
    case 'EVIDENCE_KEY_MISMATCH':
    case 'WEBHOOK_SIGNATURE_INVALID':
      return 9
    case 'HIRE_HIGH_RISK_FINDING':
    case 'SCREEN_RISK_FOUND':
      return 10
    case 'SERVER_INVALID_REQUEST':
    case 'SERVER_NOT_FOUND':
    case 'SERVER_CONFLICT':
    case 'SERVER_ILLEGAL_TRANSITION':
    case 'SERVER_PAYLOAD_TOO_LARGE':
    case 'SERVER_UNSUPPORTED_MEDIA_TYPE':
    case 'SERVER_NOT_READY':
    case 'SERVER_PORT_IN_USE':
    case 'SERVER_CANNOT_LISTEN':
    case 'TRACE_ADDRESS_NOT_REACHED':
    case 'WEB_NOT_BUILT':
      return 7
    case 'AUTH_REQUIRED':
    case 'AUTH_INVALID_KEY':
    case 'AUTH_FORBIDDEN':
    case 'AUTH_CSRF':
    case 'AUTH_LINK_INVALID':
    case 'AUTH_SESSION_INVALID':
    case 'TENANCY_CROSS_ORGANISATION':
    case 'TENANCY_SHARING_FORBIDDEN':
      return 8
    case 'DEMO_CHECK_FAILED':
    case 'INTERNAL':
      return 1
  }
}

/** Wraps anything thrown into a DragnetError without losing the original as `cause`. */
export function toDragnetError(error: unknown): DragnetError {
  if (error instanceof DragnetError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new DragnetError('INTERNAL', message, { cause: error })
}
