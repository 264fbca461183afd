import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  addAttachment,
  attachmentContent,
  deleteAttachment,
  listAttachments,
  visibleAttachment,
} from '../db/case-attachments.ts'
import { addNote, deleteNote, listNotes } from '../db/case-notes.ts'
import type { CaseSubject } from '../db/case-subject.ts'
import { js } from '../json-schema.ts'
import type { Permission } from '../permissions.ts'
import type { ServerDeps, Tenancy } from '../server-deps.ts'
import { ATTACHMENT_BODY_LIMIT, attachmentBody, attachmentInput, noteBody, sendAttachment } from './case-work.ts'

/** Where case work hangs: an incident or an address, the same routes under each. */
export interface CaseWorkSpec {
  /** The route prefix: `/v1/incidents/:incidentId` or `/v1/addresses/:chain/:address`. */
  base: string
  /** What the summaries call the subject. */
  what: string
  /** The params schema of the prefix, plus an id parameter when named. */
  params: (id?: string) => Record<string, unknown>
  /** The subject of the request, once the caller may act on it with `permission`. */
  subject: (req: FastifyRequest, permission: Permission) => Promise<CaseSubject>
  /** How the list, create and by-id routes treat organisations. */
  tenancy: { list: Tenancy; create: Tenancy; byId: Tenancy }
  /** The id parameters' names (distinct per subject, so the tenancy test can name each object). */
  noteId: string
  attachmentId: string
}

const none = js(z.strictObject({}))

const param = (req: FastifyRequest, name: string) => (req.params as Record<string, string>)[name] as string

/** Notes: list, add, remove one of the organisation's own. */
export function registerNoteRoutes(app: FastifyInstance, deps: ServerDeps, spec: CaseWorkSpec): void {
  const { db } = deps
  const tags = ['case work']
  app.get(
    `${spec.base}/notes`,
    {
      config: { tenancy: spec.tenancy.list },
      schema: { tags, summary: `Notes on ${spec.what} the caller may see`, params: spec.params(), querystring: none },
    },
    async (req) => ({ notes: await listNotes(db, await spec.subject(req, 'read')) }),
  )
  app.post(
    `${spec.base}/notes`,
    {
      config: { tenancy: spec.tenancy.create },
      schema: { tags, summary: `Add a note on ${spec.what}`, params: spec.params(), body: js(noteBody) },
    },
    async (req, reply) => {
      const s = await spec.subject(req, 'incident.write')
      const body = req.body as z.infer<typeof noteBody>
      const note = await db.transaction((tx) =>
        addNote(tx, s, { body: body.body, ...(body.tlp ? { tlp: body.tlp } : {}) }),
      )
      return reply.status(201).send(note)
    },
  )
  app.delete(
    `${spec.base}/notes/:${spec.noteId}`,
    {
      config: { tenancy: spec.tenancy.byId },
      schema: {
        tags,
        summary: `Remove one of the organisation's notes on ${spec.what}`,
        params: spec.params(spec.noteId),
        querystring: none,
      },
    },
    async (req, reply) => {
      const s = await spec.subject(req, 'incident.write')
      await db.transaction((tx) => deleteNote(tx, s, param(req, spec.noteId)))
      return reply.status(204).send()
    },
  )
}

/** Attachments: list, attach (base64, at most 5 MiB), read the record or the file, remove. */
export function registerAttachmentRoutes(app: FastifyInstance, deps: ServerDeps, spec: CaseWorkSpec): void {
  const { db } = deps
  const tags = ['case work']
  const one = `${spec.base}/attachments/:${spec.attachmentId}`
  const byId = { config: { tenancy: spec.tenancy.byId }, params: spec.params(spec.attachmentId) }
  app.get(
    `${spec.base}/attachments`,
    {
      config: { tenancy: spec.tenancy.list },
      schema: { tags, summary: `Attachments on ${spec.what} (records)`, params: spec.params(), querystring: none },
    },
    async (req) => ({ attachments: await listAttachments(db, await spec.subject(req, 'read')) }),
  )
  app.post(
    `${spec.base}/attachments`,
    {
      config: { tenancy: spec.tenancy.create },
      bodyLimit: ATTACHMENT_BODY_LIMIT,
      schema: {
        tags,
        summary: `Attach a file to ${spec.what} (base64, at most 5 MiB); the server records its SHA-256`,
        params: spec.params(),
        body: js(attachmentBody),
      },
    },
    async (req, reply) => {
      const s = await spec.subject(req, 'incident.write')
      const input = attachmentInput(req.body as z.infer<typeof attachmentBody>)
      return reply.status(201).send(await db.transaction((tx) => addAttachment(tx, s, input)))
    },
  )
  app.get(
    one,
    {
      config: byId.config,
      schema: { tags, summary: "An attachment's record", params: byId.params, querystring: none },
    },
    async (req) => visibleAttachment(db, await spec.subject(req, 'read'), param(req, spec.attachmentId)),
  )
  app.get(
    `${one}/content`,
    { config: byId.config, schema: { tags, summary: "An attachment's file", params: byId.params, querystring: none } },
    async (req, reply) => {
      const { a, bytes } = await attachmentContent(db, await spec.subject(req, 'read'), param(req, spec.attachmentId))
      return sendAttachment(reply, a, bytes)
    },
  )
  app.delete(
    one,
    {
      config: byId.config,
      schema: { tags, summary: "Remove one of the organisation's attachments", params: byId.params, querystring: none },
    },
    async (req, reply) => {
      const s = await spec.subject(req, 'incident.write')
      await db.transaction((tx) => deleteAttachment(tx, s, param(req, spec.attachmentId)))
      return reply.status(204).send()
    },
  )
}
