import { z } from 'zod'

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO 8601 time' })

/** An IANA time zone name that this runtime's Intl knows, e.g. America/Chicago. */
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz })
      return true
    } catch {
      return false
    }
  },
  { message: 'expected an IANA time zone name such as America/Chicago' },
)

const period = { from: z.string().optional(), to: z.string().optional() }

/** The applicant record: what the applicant claims, what was observed, and how they want to be paid. */
export const applicantSchema = z.object({
  id: z.string().min(1),
  identity: z.object({
    name: z.string().min(1),
    dateOfBirth: z.string().optional(),
    address: z.string().optional(),
    claimedLocation: z.object({ country: z.string().min(2), city: z.string().optional(), timeZone }),
    education: z.array(z.object({ institution: z.string(), degree: z.string().optional(), ...period })).optional(),
    workHistory: z.array(z.object({ employer: z.string(), title: z.string().optional(), ...period })).optional(),
  }),
  documents: z
    .array(
      z.object({
        kind: z.enum(['id-document', 'photo', 'other']),
        sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected a hex SHA-256'),
        nameOnDocument: z.string().optional(),
        dateOfBirth: z.string().optional(),
        address: z.string().optional(),
        issuingCountry: z.string().optional(),
      }),
    )
    .optional(),
  contacts: z
    .object({
      emails: z.array(z.string()).optional(),
      phones: z.array(z.string()).optional(),
      shippingAddress: z.string().optional(),
    })
    .optional(),
  accounts: z
    .array(
      z.object({
        platform: z.string(),
        handle: z.string(),
        displayName: z.string().optional(),
        country: z.string().optional(),
      }),
    )
    .optional(),
  network: z
    .object({
      logins: z
        .array(
          z.object({
            time: isoTime,
            ip: z.string(),
            country: z.string().optional(),
            vpn: z.boolean().optional(),
            hosting: z.boolean().optional(),
            provider: z.string().optional(),
          }),
        )
        .optional(),
      remoteDesktopTools: z.array(z.string()).optional(),
      devices: z.array(z.string()).optional(),
    })
    .optional(),
  payment: z
    .object({
      bankName: z.string().optional(),
      bankCountry: z.string().optional(),
      accountHolder: z.string().optional(),
      paymentService: z.string().optional(),
      requestedCrypto: z.boolean().optional(),
      wallets: z.array(z.object({ chain: z.string(), address: z.string().min(1) })).optional(),
    })
    .optional(),
  interview: z
    .object({
      cameraOn: z.boolean().optional(),
      refusedCamera: z.boolean().optional(),
      livenessCheck: z.enum(['passed', 'failed', 'refused', 'not-run']).optional(),
      activityTimes: z.array(isoTime).optional(),
    })
    .optional(),
  resume: z.string().optional(),
})

/** One applicant, as validated by {@link applicantSchema}. */
export type Applicant = z.infer<typeof applicantSchema>
