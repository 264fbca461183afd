/** Bitcoin Core's RPC error codes (rpc/protocol.h) that the devnet answers with. */
export const RPC = {
  MISC_ERROR: -1,
  TYPE_ERROR: -3,
  INVALID_ADDRESS_OR_KEY: -5,
  INVALID_PARAMETER: -8,
  VERIFY_ERROR: -25,
  VERIFY_REJECTED: -26,
  DESERIALIZATION_ERROR: -22,
  IN_WARMUP: -28,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  PARSE_ERROR: -32700,
} as const

/** An error a JSON-RPC reply carries as `{"code":…,"message":…}`. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}
