import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { incidentsReaching } from '../db/address-incidents.ts'
import {
  addAttachment,
  attachmentContent,
  deleteAttachment,
  listAttachments,
  visibleAttachment,
} from '../db/case-attachments.ts'
import { addNote, deleteNote, listNotes } from '../db/case-notes.ts'
import { type CaseSubject, caseAddress } from '../db/case-subject.ts'
import { chainName, id, js } from '../json-schema.ts'
import { type Permission, principalOf, requirePermission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { ATTACHMENT_BODY_LIMIT, attachmentBody, attachmentInput, noteBody, sendAttachment } from './case-work.ts'

const NONE = js(z.strictObject({}))
const address = { chain: chainName(), address: z.string().min(1).max(200) }
const addressParams = js(z.strictObject(address))
const withId = (name: string) => js(z.strictObject({ ...address, [name]: id() }))

/**
 * The address page's case work: every visible incident whose trace reached the address (or that names it as a
 * seed), and notes and attachments on the address itself.
 */
export function registerAddressCaseRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['case work']
  const base = '/v1/addresses/:chain/:address'
  const subject = (req: FastifyRequest, permission: Permission): CaseSubject => {
    const p = principalOf(req.principal)
    requirePermission(p, permission)
    const params = req.params as { chain: string; address: string }
    return { kind: 'address', chain: params.chain, address: caseAddress(params.chain, params.address), principal: p }
  }
  const param = (req: FastifyRequest, name: string) => (req.params as Record<string, string>)[name] as string

  app.get(
    `${base}/incidents`,
    {
      config: { tenancy: 'list' },
      schema: {
        tags,
        summary: 'Every incident the caller may see whose trace reached the address or that names it as a seed',
        params: addressParams,
        querystring: NONE,
      },
    },
    async (req) => {
      const s = subject(req, 'read') as Extract<CaseSubject, { kind: 'address' }>
      return {
        chain: s.chain,
        address: s.address,
        incidents: await incidentsReaching(db, s.principal, s.chain, s.address),
      }
    },
  )
  app.get(
    `${base}/notes`,
    {
      config: { tenancy: 'list' },
      schema: { tags, summary: 'Notes on the address the caller may see', params: addressParams, querystring: NONE },
    },
    async (req) => ({ notes: await listNotes(db, subject(req, 'read')) }),
  )
  app.post(
    `${base}/notes`,
    {
      config: { tenancy: 'own' },
      schema: {
        tags,
        summary: 'Add a note on the address (default AMBER: the organisation only)',
        params: addressParams,
        body: js(noteBody),
      },
    },
    async (req, reply) => {
      const s = subject(req, 'incident.write')
      const body = req.body as z.infer<typeof noteBody>
      const note = await db.transaction((tx) =>
        addNote(tx, s, { body: body.body, ...(body.tlp ? { tlp: body.tlp } : {}) }),
      )
      return reply.status(201).send(note)
    },
  )
  app.delete(
    `${base}/notes/:addressNoteId`,
    {
      config: { tenancy: 'object' },
      schema: {
        tags,
        summary: "Remove one of the organisation's notes on the address",
        params: withId('addressNoteId'),
        querystring: NONE,
      },
    },
    async (req, reply) => {
      const s = subject(req, 'incident.write')
      await db.transaction((tx) => deleteNote(tx, s, param(req, 'addressNoteId')))
      return reply.status(204).send()
    },
  )
  app.get(
    `${base}/attachments`,
    {
      config: { tenancy: 'list' },
      schema: { tags, summary: 'Attachments on the address (records)', params: addressParams, querystring: NONE },
    },
    async (req) => ({ attachments: await listAttachments(db, subject(req, 'read')) }),
  )
  app.post(
    `${base}/attachments`,
    {
      config: { tenancy: 'own' },
      bodyLimit: ATTACHMENT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Attach a file to the address (base64, at most 5 MiB)',
        params: addressParams,
        body: js(attachmentBody),
      },
    },
    async (req, reply) => {
      const s = subject(req, 'incident.write')
      const input = attachmentInput(req.body as z.infer<typeof attachmentBody>)
      return reply.status(201).send(await db.transaction((tx) => addAttachment(tx, s, input)))
    },
  )
  const attachmentParams = withId('addressAttachmentId')
  app.get(
    `${base}/attachments/:addressAttachmentId`,
    {
      config: { tenancy: 'object' },
      schema: { tags, summary: "An address attachment's record", params: attachmentParams, querystring: NONE },
    },
    async (req) => visibleAttachment(db, subject(req, 'read'), param(req, 'addressAttachmentId')),
  )
  app.get(
    `${base}/attachments/:addressAttachmentId/content`,
    {
      config: { tenancy: 'object' },
      schema: { tags, summary: "An address attachment's file", params: attachmentParams, querystring: NONE },
    },
    async (req, reply) => {
      const { a, bytes } = await attachmentContent(db, subject(req, 'read'), param(req, 'addressAttachmentId'))
      return sendAttachment(reply, a, bytes)
    },
  )
  app.delete(
    `${base}/attachments/:addressAttachmentId`,
    {
      config: { tenancy: 'object' },
      schema: {
        tags,
        summary: "Remove one of the organisation's address attachments",
        params: attachmentParams,
        querystring: NONE,
      },
    },
    async (req, reply) => {
      const s = subject(req, 'incident.write')
      await db.transaction((tx) => deleteAttachment(tx, s, param(req, 'addressAttachmentId')))
      return reply.status(204).send()
    },
  )
}
