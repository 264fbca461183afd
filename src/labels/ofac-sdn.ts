import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { DragnetError } from '../core/errors.ts'
import { readText } from './open-label-file.ts'

/** One "Digital Currency Address - XXX" feature of the SDN list. */
export interface SdnAddress {
  address: string
  /** The asset code after "Digital Currency Address - ": XBT, ETH, USDT, TRX ... */
  asset: string
  /** The party's primary name. */
  entity: string
  profileId: string
  featureId: string
  /** Sanctions programmes of the party's entry, e.g. DPRK3, CYBER2. */
  programmes: string[]
}

export interface SdnList {
  /** The list's DateOfIssue, YYYY-MM-DD. */
  issued: string | null
  addresses: SdnAddress[]
}

const PREFIX = 'Digital Currency Address - '

// Text and attribute values from the parser can be slices of its input chunk: keeping one keeps the whole
// chunk alive (a name per profile kept ~100 MB of the document). Anything kept past its event is copied.
const own = (v: string): string => Buffer.from(v, 'utf8').toString('utf8')

interface State {
  path: string[]
  text: string | null
  featureTypes: Map<string, string>
  programType: string | null
  date: { Year?: string; Month?: string; Day?: string }
  profile: string | null
  names: Map<string, string>
  primaryName: string[] | null
  inPrimaryAlias: boolean
  /** The open profile has a digital currency address: only such profiles' names are kept. */
  profileHasAddress: boolean
  feature: { id: string; asset: string; profile: string; address: string | null } | null
  pending: Omit<SdnAddress, 'entity' | 'programmes'>[]
  entryProfile: string | null
  measureIsProgram: boolean
  programmes: Map<string, string[]>
}

function onOpen(s: State, tag: SaxesTagPlain): void {
  const a = tag.attributes as Record<string, string>
  s.path.push(tag.name)
  switch (tag.name) {
    case 'FeatureType':
    case 'SanctionsType':
    case 'NamePartValue':
    case 'VersionDetail':
    case 'Comment':
    case 'Year':
    case 'Month':
    case 'Day':
      s.text = ''
      break
    case 'Profile':
      s.profile = a.ID ?? null
      break
    case 'Alias':
      s.inPrimaryAlias = a.Primary === 'true' && s.primaryName === null
      if (s.inPrimaryAlias) s.primaryName = []
      break
    case 'Feature': {
      const asset = s.featureTypes.get(a.FeatureTypeID ?? '')
      if (asset !== undefined && s.profile !== null) {
        s.feature = { id: a.ID ?? '', asset, profile: s.profile, address: null }
      }
      break
    }
    case 'SanctionsEntry':
      s.entryProfile = a.ProfileID ?? null
      break
    case 'SanctionsMeasure':
      s.measureIsProgram = a.SanctionsTypeID !== undefined && a.SanctionsTypeID === s.programType
      break
  }
  if (tag.name === 'FeatureType') s.feature = null
  if (tag.name === 'FeatureType' || tag.name === 'SanctionsType') s.path[s.path.length - 1] = `${tag.name}#${a.ID}`
}

function onClose(s: State, name: string): void {
  const top = s.path.pop() ?? ''
  const text = s.text?.trim() ?? ''
  if (top.startsWith('FeatureType#') && text.startsWith(PREFIX)) {
    s.featureTypes.set(own(top.slice('FeatureType#'.length)), own(text.slice(PREFIX.length).trim()))
  } else if (top.startsWith('SanctionsType#') && text === 'Program') {
    s.programType = own(top.slice('SanctionsType#'.length))
  }
  switch (name) {
    case 'Year':
    case 'Month':
    case 'Day':
      if (s.path.at(-1) === 'DateOfIssue') s.date[name] = own(text)
      break
    case 'NamePartValue':
      if (s.inPrimaryAlias) s.primaryName?.push(text)
      break
    case 'DocumentedName':
      // A primary alias may repeat the name in another script: the first one names the party.
      if (s.inPrimaryAlias && (s.primaryName?.length ?? 0) > 0) s.inPrimaryAlias = false
      break
    case 'Alias':
      s.inPrimaryAlias = false
      break
    case 'VersionDetail':
      if (s.feature && text !== '' && s.feature.address === null) s.feature.address = text
      break
    case 'Feature':
      if (s.feature?.address) {
        const f = s.feature
        s.pending.push({
          address: own(f.address as string),
          asset: f.asset,
          profileId: own(f.profile),
          featureId: own(f.id),
        })
        s.profileHasAddress = true
      }
      s.feature = null
      break
    case 'Profile':
      if (s.profile !== null && s.primaryName && s.profileHasAddress)
        s.names.set(own(s.profile), own(s.primaryName.join(' ')))
      s.profile = null
      s.profileHasAddress = false
      s.primaryName = null
      break
    case 'Comment':
      if (s.measureIsProgram && s.entryProfile !== null && text !== '') {
        const list = s.programmes.get(s.entryProfile) ?? []
        if (!list.includes(text)) list.push(own(text))
        s.programmes.set(own(s.entryProfile), list)
      }
      break
    case 'SanctionsMeasure':
      s.measureIsProgram = false
      break
  }
  s.text = null
}

/**
 * Streams an OFAC SDN advanced XML file (plain, .bz2 or .gz by magic bytes) and returns every digital
 * currency address with its party's primary name and programmes. Memory holds only the addresses found and
 * a name per profile, never the document. Malformed XML fails with LABELS_MALFORMED, a cut file with
 * LABELS_TRUNCATED.
 */
export async function readSdn(path: string): Promise<SdnList> {
  const s: State = {
    path: [],
    text: null,
    featureTypes: new Map(),
    programType: null,
    date: {},
    profile: null,
    names: new Map(),
    primaryName: null,
    inPrimaryAlias: false,
    profileHasAddress: false,
    feature: null,
    pending: [],
    entryProfile: null,
    measureIsProgram: false,
    programmes: new Map(),
  }
  const parser = new SaxesParser({ position: true })
  let sawRoot = false
  parser.on('opentag', (tag) => {
    if (!sawRoot && tag.name !== 'Sanctions') {
      throw new DragnetError('LABELS_MALFORMED', `${path} is not an SDN advanced XML file (root <${tag.name}>)`, {
        details: { path, root: tag.name },
      })
    }
    sawRoot = true
    onOpen(s, tag as SaxesTagPlain)
  })
  parser.on('closetag', (tag) => onClose(s, tag.name))
  parser.on('text', (t) => {
    if (s.text !== null) s.text += t
  })
  try {
    for await (const chunk of readText(path)) parser.write(chunk)
    parser.close()
  } catch (error) {
    if (error instanceof DragnetError) throw error
    const message = (error as Error).message
    const cut = /unclosed|unexpected end|document must contain/i.test(message)
    throw new DragnetError(cut ? 'LABELS_TRUNCATED' : 'LABELS_MALFORMED', `${path}: ${message}`, {
      details: { path, line: parser.line, column: parser.column },
      cause: error,
    })
  }
  if (!sawRoot) throw new DragnetError('LABELS_MALFORMED', `${path} holds no XML element`, { details: { path } })
  const { Year, Month, Day } = s.date
  const issued = Year && Month && Day ? `${Year}-${Month.padStart(2, '0')}-${Day.padStart(2, '0')}` : null
  const addresses = s.pending.map((p) => ({
    ...p,
    entity: s.names.get(p.profileId) ?? '',
    programmes: s.programmes.get(p.profileId) ?? [],
  }))
  return { issued, addresses }
}
