import type { Applicant } from '../applicant/applicant.ts'
import { type Cluster, clusterOf, type LinkOptions, linkApplicants, linkEvidenceFor } from '../link/link-applicants.ts'
import { evaluateRules, type ScreenResult } from '../rules/evaluate-rules.ts'
import { loadRuleSet } from '../rules/load-rules.ts'
import type { RuleSet } from '../rules/rule-types.ts'
import type { WalletScreener } from '../wallet/wallet-screener.ts'

export interface ScreenOptions {
  rules?: RuleSet
  /** Other applicants to link against; without them the linked-applicants rule is reported as not evaluated. */
  against?: Applicant[]
  walletScreener?: WalletScreener
  link?: LinkOptions
}

/** A screening result plus the cluster of linked applicants, when there is one. */
export interface ScreenReport extends ScreenResult {
  cluster?: Cluster
}

/** Screens one applicant: red-flag rules, wallet screening when a screener is given, and links to other applicants. */
export async function screenApplicant(applicant: Applicant, options: ScreenOptions = {}): Promise<ScreenReport> {
  const rules = options.rules ?? loadRuleSet()
  let cluster: Cluster | undefined
  let links: ReturnType<typeof linkEvidenceFor> | undefined
  if (options.against !== undefined) {
    const result = linkApplicants([applicant, ...options.against], options.link)
    cluster = clusterOf(result, applicant.id)
    links = linkEvidenceFor(result, applicant.id)
  }
  const result = await evaluateRules(applicant, rules, { walletScreener: options.walletScreener, links })
  return cluster === undefined ? result : { ...result, cluster }
}
