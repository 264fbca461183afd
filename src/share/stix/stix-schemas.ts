import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'

const DIR = fileURLToPath(new URL('./schemas/', import.meta.url))
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/'

// ajv-formats is CommonJS: under ESM its function arrives as the default export's default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void

/** The OASIS STIX 2.1 schemas Dragnet ships, compiled once per process by whoever needs them. */
export class StixSchemas {
  private readonly ajv: Ajv2020
  private readonly compiled = new Map<string, ValidateFunction>()

  constructor() {
    // The OASIS schemas use keywords strict mode rejects, and patterns (`\\-`) invalid under the u flag.
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true, unicodeRegExp: false })
    addFormats(this.ajv)
    for (const folder of ['common', 'sdos', 'sros']) {
      for (const file of readdirSync(join(DIR, folder))) {
        if (!file.endsWith('.json')) continue
        const schema = JSON.parse(readFileSync(join(DIR, folder, file), 'utf8')) as { $id?: string }
        this.ajv.addSchema(schema, schema.$id ?? `${BASE}${folder}/${file}`)
      }
    }
  }

  /** The validator of a schema by its path under schemas/ (e.g. `sdos/incident.json`). */
  validator(path: string): ValidateFunction {
    let v = this.compiled.get(path)
    if (!v) {
      const found = this.ajv.getSchema(`${BASE}${path}`)
      if (!found) throw new Error(`no STIX schema ${path}`)
      v = found
      this.compiled.set(path, v)
    }
    return v
  }
}
