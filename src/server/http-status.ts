import type { ErrorCode } from '../core/errors.ts'

/** The HTTP status of every error code: the API's one mapping, as exitCodeFor is the CLI's. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'USAGE':
    case 'INVALID_ADDRESS':
    case 'INVALID_HASH':
    case 'INVALID_ARGUMENT':
    case 'INVALID_RANGE':
    case 'AMOUNT_AMBIGUOUS':
    case 'AMOUNT_TOO_PRECISE':
    case 'AMOUNT_UNKNOWN_ASSET':
    case 'CHAIN_UNKNOWN':
    case 'ETL_MALFORMED':
    case 'ETL_TRUNCATED':
    case 'ETL_UNKNOWN_TABLE':
    case 'ETL_NO_FILES':
    case 'EVIDENCE_MALFORMED':
    case 'EVIDENCE_FILE_TAMPERED':
    case 'EVIDENCE_BAD_SIGNATURE':
    case 'EVIDENCE_KEY_MISMATCH':
    case 'UNKNOWN_TABLE':
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
    case 'SCREEN_MALFORMED_INPUT':
    case 'SERVER_INVALID_REQUEST':
      return 400
    case 'AUTH_REQUIRED':
    case 'AUTH_INVALID_KEY':
      return 401
    case 'AUTH_FORBIDDEN':
    case 'TENANCY_CROSS_ORGANISATION':
      return 403
    case 'FILE_NOT_FOUND':
    case 'SERVER_NOT_FOUND':
      return 404
    case 'FILE_UNUSABLE':
      return 422
    case 'SERVER_CONFLICT':
    case 'SERVER_ILLEGAL_TRANSITION':
    case 'TENANCY_SHARING_FORBIDDEN':
    case 'CHAIN_REORG_TOO_DEEP':
    case 'CHAIN_INCONSISTENT':
    case 'HIRE_HIGH_RISK_FINDING':
    case 'SCREEN_RISK_FOUND':
      return 409
    case 'SERVER_PAYLOAD_TOO_LARGE':
      return 413
    case 'SERVER_UNSUPPORTED_MEDIA_TYPE':
      return 415
    case 'RPC_TIMEOUT':
    case 'RPC_HTTP_ERROR':
    case 'RPC_MALFORMED_RESPONSE':
    case 'RPC_ERROR':
    case 'RPC_METHOD_UNSUPPORTED':
    case 'RPC_UNREACHABLE':
    case 'RPC_INVALID_DATA':
      return 502
    case 'SERVER_NOT_READY':
    case 'SERVER_PORT_IN_USE':
    case 'SERVER_CANNOT_LISTEN':
    case 'STORE_ERROR':
    case 'STORE_SCHEMA_TOO_NEW':
      return 503
    case 'DEMO_CHECK_FAILED':
    case 'INTERNAL':
      return 500
  }
}
