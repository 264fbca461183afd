/** What a wallet screener says about one address: whether it is risky, in which categories, and why. */
export interface WalletVerdict {
  risky: boolean
  categories: string[]
  reason: string
}

/**
 * Screens a payroll wallet. Dragnet's exposure screening will implement this; until then a label file
 * (see createLabelCsvScreener) answers only for addresses that are themselves labelled.
 */
export interface WalletScreener {
  screen(address: string): Promise<WalletVerdict | undefined>
}
