/** A failure the devnet node plays, for clients' retry and timeout tests. */
export type RpcFault =
  /** Answer every request with this HTTP status and an empty body (a proxy in front of a node failing). */
  | { kind: 'http'; status: number; times?: number }
  /** Hold the request open without answering for `ms` (forever when omitted), then answer normally. */
  | { kind: 'stall'; ms?: number; times?: number }
  /** Answer -28 as Core does while it loads its block index. */
  | { kind: 'warmup'; times?: number }
  /** Close the connection without a reply. */
  | { kind: 'reset'; times?: number }

/** The switch a test flips: a fault applies to the next `times` HTTP requests (all of them by default). */
export class FaultSwitch {
  private fault: RpcFault | null = null
  private left = Number.POSITIVE_INFINITY

  set(fault: RpcFault): void {
    this.fault = fault
    this.left = fault.times ?? Number.POSITIVE_INFINITY
  }

  clear(): void {
    this.fault = null
  }

  /** The fault the next request meets, counting it down. */
  take(): RpcFault | null {
    if (this.fault === null || this.left <= 0) return null
    this.left -= 1
    const f = this.fault
    if (this.left <= 0) this.fault = null
    return f
  }
}
