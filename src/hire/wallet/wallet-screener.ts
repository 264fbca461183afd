/** What a wallet screener says about one address: whether it is risky, in which categories, and why. */
export interface WalletVerdict {
  risky: boolean
  /** Categories of the wallet's own labels and of every exposure reason, most severe first. */
  categories: string[]
  /** The screening severity (none, low, medium, high, severe). */
  severity: string
  reason: string
}

/**
 * Screens a payroll wallet. The CLI's screener is Dragnet's own (src/screen: direct hits from the label
 * registry and exposure from the stored transfers); a wallet it cannot screen (a malformed address, a chain
 * the store does not know) makes it throw the DragnetError that says why.
 */
export interface WalletScreener {
  screen(address: string, chain?: string): Promise<WalletVerdict | undefined>
  /** The label sources and list dates the verdicts rest on, for the report. */
  readonly basis: string
}
