import { z } from 'zod'
import { LABEL_CATEGORIES } from '../labels/label-types.ts'

const decimal = z.string().regex(/^\d+$/)
const freezer = z.object({ kind: z.string(), name: z.string() })

/** Dragnet's x_dragnet_ properties as read back: each checked, so a tampered bundle is refused, not half-read. */
export const sharedLabel = z.object({
  chain: z.string().min(1),
  address: z.string().min(1),
  category: z.enum(LABEL_CATEGORIES),
  name: z.string(),
  source: z.string().min(1),
  sourceDate: z.string().nullable(),
  confidence: z.number().int().min(0).max(100),
  programmes: z.array(z.string()),
  asset: z.string().nullable(),
  notes: z.string().nullable(),
})

export const sharedEndpoint = z.object({
  category: z.string(),
  name: z.string().nullable(),
  amounts: z.record(z.string(), decimal),
  freezableBy: z.array(freezer),
})

const point = z.object({ tx: z.string(), block: decimal, time: decimal.nullable() })

export const sharedFreezeWindow = z.object({
  address: z.string(),
  asset: z.string(),
  freezableBy: z.array(freezer),
  received: decimal,
  left: decimal,
  remaining: decimal,
  arrived: point,
  departed: point.nullable(),
  seconds: z.number().nullable(),
})

export const sharedTraceFigures = z.object({
  id: z.string(),
  model: z.string(),
  direction: z.string(),
  finishedAt: z.string(),
  assets: z.record(z.string(), z.object({ symbol: z.string().nullable(), decimals: z.number().nullable() })),
  totals: z.record(z.string(), z.record(z.string(), decimal)),
})

export const walletRoles = z.array(z.enum(['seed', 'endpoint', 'labelled']))
