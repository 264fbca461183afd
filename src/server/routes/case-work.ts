import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import type { CaseAttachment } from '../db/case-attachments.ts'
import { MAX_ATTACHMENT_BYTES } from '../db/case-attachments.ts'
import { TLP } from '../json-schema.ts'

/** A note's body: plain text, up to 20,000 characters. */
export const noteBody = z.strictObject({ body: z.string().min(1).max(20_000), tlp: TLP.optional() })

/** An attachment as JSON: the file in base64, its name and media type, optionally its SHA-256 to check. */
export const attachmentBody = z.strictObject({
  // A name, not a path: no separators or control characters. The route validates with this JSON schema, so the
  // check must be a pattern, not a refinement.
  name: z
    .string()
    .min(1)
    .max(200)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to refuse control characters
    .regex(/^[^/\\\u0000-\u001f\u007f]+$/),
  mediaType: z
    .string()
    .max(100)
    .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i)
    .optional(),
  content: z.string().max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 4),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
  note: z.string().max(2000).nullable().optional(),
  tlp: TLP.optional(),
})

/** Room in the request for the largest attachment in base64 and its fields. */
export const ATTACHMENT_BODY_LIMIT = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 64 * 1024

/** The attachment input without undefined fields (exactOptionalPropertyTypes). */
export function attachmentInput(b: z.infer<typeof attachmentBody>) {
  return {
    name: b.name,
    content: b.content,
    ...(b.mediaType !== undefined ? { mediaType: b.mediaType.toLowerCase() } : {}),
    ...(b.sha256 !== undefined ? { sha256: b.sha256 } : {}),
    ...(b.note !== undefined ? { note: b.note } : {}),
    ...(b.tlp !== undefined ? { tlp: b.tlp } : {}),
  }
}

/** Sends an attachment's bytes as a download that a browser neither renders nor runs in the API's origin. */
export function sendAttachment(reply: FastifyReply, a: CaseAttachment, bytes: Buffer): FastifyReply {
  const ascii = a.name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  void reply
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('x-content-sha256', a.sha256)
  return reply.type(a.mediaType).send(bytes)
}
