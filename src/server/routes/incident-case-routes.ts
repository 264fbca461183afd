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
import { requireCollaborator } from '../db/incidents.ts'
import { idParams, js } from '../json-schema.ts'
import type { Permission } from '../permissions.ts'
import type { ServerDeps } from '../server-deps.ts'
import { ATTACHMENT_BODY_LIMIT, attachmentBody, attachmentInput, noteBody, sendAttachment } from './case-work.ts'
import { incidentAccess, incidentIdOf } from './incident-access.ts'

const NONE = js(z.strictObject({}))

/** Case work on an incident: notes and attachments, marked and seen like every other object of it. */
export function registerIncidentCaseRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db } = deps
  const tags = ['case work']
  const config = { tenancy: 'object' as const }
  const params = js(idParams('incidentId'))
  const subject = async (req: FastifyRequest, permission: Permission = 'read'): Promise<CaseSubject> => {
    const access = await incidentAccess(deps, req, incidentIdOf(req), permission)
    if (permission !== 'read') requireCollaborator(access)
    return { kind: 'incident', access }
  }
  const param = (req: FastifyRequest, name: string) => (req.params as Record<string, string>)[name] as string

  app.get(
    '/v1/incidents/:incidentId/notes',
    { config, schema: { tags, summary: "The incident's notes the caller may see", params, querystring: NONE } },
    async (req) => ({ notes: await listNotes(db, await subject(req)) }),
  )
  app.post(
    '/v1/incidents/:incidentId/notes',
    {
      config,
      schema: { tags, summary: 'Add a note (marking defaults to the incident’s)', params, body: js(noteBody) },
    },
    async (req, reply) => {
      const s = await subject(req, 'incident.write')
      const body = req.body as z.infer<typeof noteBody>
      const note = await db.transaction((tx) =>
        addNote(tx, s, { body: body.body, ...(body.tlp ? { tlp: body.tlp } : {}) }),
      )
      return reply.status(201).send(note)
    },
  )
  app.delete(
    '/v1/incidents/:incidentId/notes/:noteId',
    {
      config,
      schema: {
        tags,
        summary: "Remove one of the organisation's notes",
        params: js(idParams('incidentId', 'noteId')),
        querystring: NONE,
      },
    },
    async (req, reply) => {
      const s = await subject(req, 'incident.write')
      await db.transaction((tx) => deleteNote(tx, s, param(req, 'noteId')))
      return reply.status(204).send()
    },
  )
  app.get(
    '/v1/incidents/:incidentId/attachments',
    { config, schema: { tags, summary: "The incident's attachments (records)", params, querystring: NONE } },
    async (req) => ({ attachments: await listAttachments(db, await subject(req)) }),
  )
  app.post(
    '/v1/incidents/:incidentId/attachments',
    {
      config,
      bodyLimit: ATTACHMENT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Attach a file (base64, at most 5 MiB); the server records its SHA-256',
        params,
        body: js(attachmentBody),
      },
    },
    async (req, reply) => {
      const s = await subject(req, 'incident.write')
      const input = attachmentInput(req.body as z.infer<typeof attachmentBody>)
      return reply.status(201).send(await db.transaction((tx) => addAttachment(tx, s, input)))
    },
  )
  const attachmentParams = js(idParams('incidentId', 'attachmentId'))
  app.get(
    '/v1/incidents/:incidentId/attachments/:attachmentId',
    { config, schema: { tags, summary: "An attachment's record", params: attachmentParams, querystring: NONE } },
    async (req) => visibleAttachment(db, await subject(req), param(req, 'attachmentId')),
  )
  app.get(
    '/v1/incidents/:incidentId/attachments/:attachmentId/content',
    { config, schema: { tags, summary: "An attachment's file", params: attachmentParams, querystring: NONE } },
    async (req, reply) => {
      const { a, bytes } = await attachmentContent(db, await subject(req), param(req, 'attachmentId'))
      return sendAttachment(reply, a, bytes)
    },
  )
  app.delete(
    '/v1/incidents/:incidentId/attachments/:attachmentId',
    {
      config,
      schema: {
        tags,
        summary: "Remove one of the organisation's attachments",
        params: attachmentParams,
        querystring: NONE,
      },
    },
    async (req, reply) => {
      const s = await subject(req, 'incident.write')
      await db.transaction((tx) => deleteAttachment(tx, s, param(req, 'attachmentId')))
      return reply.status(204).send()
    },
  )
}
