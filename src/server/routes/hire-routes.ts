import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DragnetError } from '../../core/errors.ts'
import { parseApplicant } from '../../hire/applicant/parse-applicant.ts'
import { loadRuleSet } from '../../hire/rules/load-rules.ts'
import { loadCampaignPackages } from '../../hire/scan/malicious-packages.ts'
import { screenApplicant } from '../../hire/screen/screen-applicant.ts'
import { registryWalletScreener } from '../../hire/wallet/registry-wallet-screener.ts'
import { labelBasis, labelBasisText } from '../../screen/label-basis.ts'
import { Screener } from '../../screen/screener.ts'
import { writeAudit } from '../audit.ts'
import { js } from '../json-schema.ts'
import { principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { MAX_ARCHIVE_BYTES, scanServerPath, scanUpload } from '../web/hire-scan.ts'
import type { ApplicantCheckResponse } from '../web/web-api-types.ts'

/** Wallet exposure hops of an applicant's payroll wallets, as `dragnet hire screen` defaults to. */
const WALLET_HOPS = 3

const record = z.record(z.string(), z.unknown())
const checkBody = z.strictObject({
  applicant: record,
  against: z.array(record).max(1000).optional(),
  resumeThreshold: z.number().int().min(1).max(100).optional(),
})
const scanBody = z.strictObject({
  archive: z.string().min(1).optional(),
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\\]+$/)
    .optional(),
  path: z.string().min(1).max(4096).optional(),
  minSeverity: z.enum(['low', 'medium', 'high']).optional(),
})

export interface HireRouteOptions {
  /** Folders on the server whose repositories `POST /v1/hire/scan` may scan by path; none by default. */
  scanRoots?: readonly string[]
}

/**
 * Hiring: an applicant checked against the published DPRK IT-worker red flags and linked to other applicants,
 * and a coding-test repository scanned without running it. Investigators and admins; each call is audited.
 * Nothing leaves the server: payroll wallets are screened against its label registry and chain store only.
 */
export function registerHireRoutes(app: FastifyInstance, deps: ServerDeps, options: HireRouteOptions = {}): void {
  const tags = ['hire']
  const config = { tenancy: 'own' as const }
  const rules = loadRuleSet()
  const packages = loadCampaignPackages()
  const basis = labelBasisText(labelBasis(deps.labelSources))

  app.post(
    '/v1/hire/applicants/check',
    {
      config,
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Check an applicant against the red flags, with their sources, and link them to other applicants',
        body: js(checkBody),
      },
    },
    async (req) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'hire.check')
      const body = req.body as z.infer<typeof checkBody>
      const applicant = parseApplicant(body.applicant, 'applicant')
      const against = body.against?.map((a, i) => parseApplicant(a, `against[${i}]`))
      const chains = await deps.knownChains()
      const screener = new Screener(deps.labels, deps.policy, deps.chainStore, {
        hops: WALLET_HOPS,
        maxEdges: 200_000,
        chains,
      })
      const report = await deps.chainLock.run(() =>
        screenApplicant(applicant, {
          rules,
          walletScreener: registryWalletScreener(screener, basis),
          ...(against === undefined ? {} : { against }),
          ...(body.resumeThreshold === undefined ? {} : { link: { resumeThreshold: body.resumeThreshold / 100 } }),
        }),
      )
      await deps.db.transaction((tx) =>
        writeAudit(tx, p, {
          action: 'hire.applicant-check',
          objectType: 'applicant',
          objectId: report.applicantId,
          before: null,
          after: { score: report.score, band: report.band, signals: report.signals.map((s) => s.ruleId) },
        }),
      )
      const linkedApplicants = (report.cluster?.members ?? []).filter((m) => m !== report.applicantId)
      return { ...report, linkedApplicants } as ApplicantCheckResponse
    },
  )

  app.post(
    '/v1/hire/scan',
    {
      config,
      // Base64 makes the archive a third larger; the JSON around it is small.
      bodyLimit: Math.ceil((MAX_ARCHIVE_BYTES * 4) / 3) + 64 * 1024,
      schema: {
        tags,
        summary: 'Scan a coding-test repository (an uploaded .tgz/.tar, or a path in a scan root) without running it',
        body: js(scanBody),
      },
    },
    async (req) => {
      const p = principalOf(req.principal)
      requirePermission(p, 'hire.check')
      const body = req.body as z.infer<typeof scanBody>
      if ((body.archive === undefined) === (body.path === undefined)) {
        throw new DragnetError('SERVER_INVALID_REQUEST', 'give either archive (base64 .tgz or .tar) or path')
      }
      const scanOptions = { maliciousPackages: packages, minSeverity: body.minSeverity ?? 'low' }
      const report =
        body.archive !== undefined
          ? scanUpload(body.archive, body.name, scanOptions)
          : scanServerPath(body.path as string, options.scanRoots ?? [], scanOptions)
      await deps.db.transaction((tx) =>
        writeAudit(tx, p, {
          action: 'hire.scan',
          objectType: 'repository-scan',
          objectId: report.sha256 ?? report.target,
          before: null,
          after: { target: report.target, highest: report.highest, counts: report.counts },
        }),
      )
      return report
    },
  )
}
