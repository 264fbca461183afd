import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DragnetError } from '../../src/core/errors.ts'
import { buildStixBundle } from '../../src/share/stix/build-bundle.ts'
import { StixSchemas } from '../../src/share/stix/stix-schemas.ts'
import { validateBundle } from '../../src/share/stix/validate-bundle.ts'
import { sampleIncident } from './shared-sample.ts'

// biome-ignore lint/suspicious/noExplicitAny: objects are changed field by field to break one rule each
type Obj = any
const schemas = new StixSchemas()
const fresh = () => buildStixBundle(sampleIncident(), '2025-03-01T00:00:00.000Z') as Obj

function rejects(bundle: unknown, objectId: string | undefined, problem: RegExp) {
  assert.throws(
    () => validateBundle(schemas, bundle),
    (e: unknown) => {
      assert.ok(e instanceof DragnetError)
      assert.equal(e.code, 'INVALID_ARGUMENT')
      assert.equal(e.details.objectId, objectId)
      assert.match(String(e.details.problem), problem)
      return true
    },
  )
}

describe('STIX validation: the schemas and the rules they cannot state', () => {
  test('the bundle Dragnet writes validates', () => {
    const b = fresh()
    assert.equal(validateBundle(schemas, b).objects.length, b.objects.length)
  })

  test('an id whose prefix is not its type', () => {
    const b = fresh()
    const inc = b.objects.find((o: Obj) => o.type === 'incident')
    inc.id = inc.id.replace('incident--', 'campaign--')
    rejects(b, inc.id, /id prefix campaign does not match type incident/)
  })

  test('modified before created', () => {
    const b = fresh()
    const inc = b.objects.find((o: Obj) => o.type === 'incident')
    inc.modified = '2020-01-01T00:00:00.000Z'
    rejects(b, inc.id, /modified is before created/)
  })

  test('an unknown marking', () => {
    const b = fresh()
    const ind = b.objects.find((o: Obj) => o.type === 'indicator')
    ind.object_marking_refs = ['marking-definition--00000000-0000-4000-8000-000000000000']
    rejects(b, ind.id, /unknown marking/)
  })

  test('a relationship pointing at a marking-definition, and created_by_ref naming no identity', () => {
    const b = fresh()
    const rel = b.objects.find((o: Obj) => o.type === 'relationship')
    rel.target_ref = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'
    rejects(b, rel.id, /target_ref may not point at a marking-definition/)
    const c = fresh()
    const inc = c.objects.find((o: Obj) => o.type === 'incident')
    inc.created_by_ref = 'incident--22222222-2222-4222-8222-222222222222'
    rejects(c, inc.id, /created_by_ref may not point at a incident/)
  })

  test('a schema failure names the object and the schema', () => {
    const b = fresh()
    const ind = b.objects.find((o: Obj) => o.type === 'indicator')
    delete ind.pattern
    rejects(b, ind.id, /required property 'pattern'.*sdos\/indicator\.json/)
    const c = fresh()
    const w = c.objects.find((o: Obj) => o.type === 'cryptocurrency-wallet')
    delete w.value
    rejects(c, w.id, /needs a value/)
  })

  test('not a bundle at all', () => {
    rejects({ type: 'report' }, undefined, /type must be "bundle"/)
    rejects({ type: 'bundle', id: 'bundle--x', objects: [] }, undefined, /bundle--<UUID>/)
  })
})
