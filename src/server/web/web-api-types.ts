/**
 * The answers of the routes the web app reads beyond the API's older ones, as JSON on the wire: amounts are exact
 * decimal strings in base units with `amountFormatted` (the same amount in the asset's units, exact) beside them,
 * times ISO-8601 UTC, blocks decimal strings. Every error answers {@link ApiError}. docs/server.md lists the routes.
 */

/** Every error answer: a stable code (docs/server.md, "Errors"), a short message, structured details. */
export interface ApiError {
  code: string
  message: string
  details: Record<string, unknown>
}

/** The caller, exactly as `GET /v1/me` answers. */
export interface Principal {
  orgId: string
  orgName: string
  /** A platform organisation's admins create organisations and manage any organisation. */
  platform: boolean
  userId: string
  role: 'admin' | 'investigator' | 'analyst' | 'viewer'
  /** The API key the caller (or the session) authenticates as. */
  keyId: string
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions

/** Body of `POST /v1/session`: the API key to sign in with (never stored in the browser). */
export interface SessionCreateBody {
  apiKey: string
}

/** Body of `POST /v1/session/link`: a one-time sign-in link's token (the `link` of `#/signin?link=TOKEN`). */
export interface SessionLinkBody {
  token: string
}

/**
 * `POST /v1/session`, `POST /v1/session/link` (200, with `Set-Cookie: dragnet_session=…; HttpOnly;
 * SameSite=Strict; Path=/`, `Secure` over https) and `GET /v1/session` (a live session; 401 otherwise).
 * Send `csrfToken` as header `x-csrf-token` on every cookie-authenticated request other than GET and HEAD
 * (403 `AUTH_CSRF` without it or with another one). `DELETE /v1/session` answers 204 and ends the session.
 */
export interface SessionResponse {
  csrfToken: string
  principal: Principal
  /** When the session ends (12 hours after sign-in); then every request answers 401 `AUTH_SESSION_INVALID`. */
  expiresAt: string
}

/** Body of `POST /v1/session/links` (admin): whose key the link signs in as, and for how long it is valid. */
export interface SignInLinkCreateBody {
  /** A key of the admin's organisation (any organisation's for a platform admin); default: the caller's own key. */
  keyId?: string
  /** 60 to 86,400; default 900 (15 minutes). */
  ttlSeconds?: number
}

/** `POST /v1/session/links` (201): the token is shown once; it signs in once, before `expiresAt`. */
export interface SignInLinkResponse {
  token: string
  expiresAt: string
  keyId: string
}

// ---------------------------------------------------------------------------------------------------------------
// Amounts

/** An exact amount of one asset. */
export interface AssetAmount {
  /** 'native' or the token contract (lowercase). */
  asset: string
  symbol: string | null
  decimals: number | null
  /** Base units, decimal string. */
  amount: string
  /** In the asset's units ("1.5" for 1.5 ETH), exact; base units when `decimals` is null. */
  amountFormatted: string
}

// ---------------------------------------------------------------------------------------------------------------
// Explain: GET /v1/incidents/:incidentId/traces/:traceId/explain?address=0x…[&asset=]

/** One tainted transfer of a trace, as the trace JSON lists it, with its amounts readable. */
export interface ExplainEdge {
  from: string
  to: string
  asset: string
  symbol: string | null
  decimals: number | null
  /** What the transfer moved, base units. */
  amount: string
  amountFormatted: string
  /** The tainted part of it under the trace's model, base units. */
  tainted: string
  taintedFormatted: string
  tx: string
  block: string
  /** Block time, ISO-8601 UTC; null when the store has none. */
  time: string | null
  /** Log index (`log:N`), call (`trace:0_1`) or the transaction's own value (`tx`). */
  position: string
  /** The fewest transfers from a seed over which taint reached this transfer. */
  hop: number
}

/** A tainted arrival at the address and the path that fed it, seed side first, the arrival last. */
export interface ExplainArrival {
  edge: ExplainEdge
  path: ExplainEdge[]
}

/** Someone who can freeze funds where they sit. */
export interface Freezer {
  kind: 'exchange' | 'issuer'
  name: string
}

/** A trace endpoint at the address (one per asset): where the money ended and who can freeze it. */
export interface ExplainEndpoint {
  category: 'exchange' | 'bridge' | 'mixer' | 'dex' | 'held' | 'dark' | 'unfollowed'
  name: string | null
  depositAddress: boolean
  amount: AssetAmount
  firstArrival: { tx: string; block: string; time: string | null } | null
  txs: string[]
  freezableBy: Freezer[]
  hop: number
  /** The heaviest tainted path from a seed to here. */
  path: ExplainEdge[]
}

/** How long tainted funds sat at the address where they could have been frozen (forward traces). */
export interface ExplainFreezeWindow {
  asset: string
  symbol: string | null
  decimals: number | null
  freezableBy: Freezer[]
  received: string
  left: string
  remaining: string
  formatted: { received: string; left: string; remaining: string }
  arrived: { tx: string; block: string; time: string | null }
  /** The transfer that took the last of it away; null while some is still there. */
  departed: { tx: string; block: string; time: string | null } | null
  /** Seconds from arrival to departure; null while some is still there. */
  seconds: number | null
}

/** A label of the address, from the trace and from the server's label registry. */
export interface ExplainLabel {
  category: string
  name: string
  /** The label source (`ofac-sdn`, `etherscan`, …); null for a label only the trace names. */
  source: string | null
  sourceDate: string | null
}

/** `GET /v1/incidents/:incidentId/traces/:traceId/explain?address=`: the figure of one address, explained. */
export interface ExplainResponse {
  incidentId: string
  traceId: string
  chain: string
  model: 'poison' | 'haircut' | 'fifo'
  direction: 'forward' | 'backward'
  address: string
  /** The asset asked for (`asset=`), or null for all. */
  asset: string | null
  node: {
    category: ExplainEndpoint['category'] | null
    /** The label that decides the address's role in the trace. */
    label: { category: string; name: string } | null
    hop: number
    expanded: boolean
    stop: string | null
    /** Taint received, per asset. */
    received: AssetAmount[]
    /** Taint that ended here, per asset. */
    final: AssetAmount[]
  }
  /** Every tainted arrival with its path, heaviest first (as `dragnet trace --explain`). */
  arrivals: ExplainArrival[]
  endpoints: ExplainEndpoint[]
  freezeWindows: ExplainFreezeWindow[]
  labels: ExplainLabel[]
  /**
   * False when the stored result lists fewer tainted transfers than the trace found (over 5,000): arrivals may
   * then miss some; the figures in `node` are always whole.
   */
  complete: boolean
  /** The explanation as `dragnet trace --explain` prints it. */
  text: string
}

// ---------------------------------------------------------------------------------------------------------------
// Address transfers: GET /v1/addresses/:chain/:address/transfers?direction=&asset=&limit=&cursor=[&format=csv]

/** One transfer in or out of the address, in chain order. */
export interface AddressTransfer {
  block: string
  /** Block time, ISO-8601 UTC, null when unknown. */
  time: string | null
  tx: string
  /** The transaction's index in its block, null when unknown. */
  txIndex: number | null
  /** For token transfers (`log:N`), the log index; null for native value. */
  logIndex: number | null
  position: string
  /** `in` to the address, `out` from it, `self` both. */
  direction: 'in' | 'out' | 'self'
  from: string
  to: string
  asset: string
  symbol: string | null
  decimals: number | null
  /** Base units, exact. */
  amount: string
  amountFormatted: string
}

/**
 * A page of transfers, oldest first. `next` is the cursor of the following page (pass it as `cursor=` with the
 * same filters), null on the last page. With `format=csv` (or `Accept: text/csv`) the whole list is one CSV
 * (header `block,time,tx,tx_index,log_index,position,direction,from,to,asset,symbol,decimals,amount,
 * amount_formatted`), at most 100,000 rows (`x-dragnet-row-limit`; `x-dragnet-truncated: true` when cut).
 * 400 codes: `INVALID_ADDRESS`, `INVALID_CURSOR`, `SERVER_INVALID_REQUEST` (limit outside 1..500, a bad
 * direction or asset); 503 `SERVER_NOT_READY` without a chain store.
 */
export interface AddressTransfersResponse {
  chain: string
  address: string
  direction: 'in' | 'out' | 'both'
  asset: string | null
  transfers: AddressTransfer[]
  next: string | null
}

// ---------------------------------------------------------------------------------------------------------------
// Address page: GET /v1/addresses/:chain/:address (older route, fields added) and …/labels

/** A label of the address as the registry lists it, with its history. */
export interface AddressLabel {
  source: string
  category: string
  name: string
  sourceDate: string | null
  confidence: number
  programmes: string[]
  asset: string | null
  notes: string | null
  /** When the source first listed it (its list date, or the import date). */
  addedOn: string | null
  /** When a later import of the source no longer listed it; null while listed. */
  removedOn: string | null
  active: boolean
}

/** `GET /v1/addresses/:chain/:address/labels`: every label the registry ever held for the address, listed or not. */
export interface AddressLabelsResponse {
  chain: string
  address: string
  labels: AddressLabel[]
  /** False when the server has no label registry with history (no DuckDB chain store): `labels` are the current ones. */
  history: boolean
}

/** Exposure summed by category: direct (one transfer away) and indirect (further), per direction and asset. */
export interface ExposureByCategory {
  direction: 'incoming' | 'outgoing'
  category: string
  scope: 'direct' | 'indirect'
  asset: string
  symbol: string | null
  decimals: number | null
  amount: string
  amountFormatted: string
  /** The labelled counterparties that make it up. */
  counterparties: number
}

/**
 * `GET /v1/addresses/:chain/:address`: the screening result (labels with their source, severity, a reason for
 * each part of it, exposure with its contributions), the label sources, the incidents that name or reached it,
 * and `exposureByCategory`.
 */
export interface AddressResponse {
  address: string
  chain: string
  severity: string
  reasons: Array<Record<string, unknown> & { kind: 'self' | 'exposure'; severity: string; category: string }>
  labels: Array<{
    category: string
    name: string
    source: string
    sourceDate: string | null
    confidence: number
    programmes: string[]
    asset: string | null
    notes: string | null
  }>
  exposure: Array<{
    direction: 'incoming' | 'outgoing'
    totals: Record<string, string>
    contributions: Array<{
      address: string
      label: { category: string; name: string; source: string }
      hops: number
      asset: string
      amount: string
      path: string[]
      txs: string[]
    }>
    truncated: boolean
  }>
  exposureNote: string | null
  assets: Record<string, { symbol: string | null; decimals: number | null }>
  labelSources: Array<{ source: string; format: string; sourceDate: string | null; active: number; importedAt: string }>
  /** Ids of the visible incidents that name the address as a seed or whose trace reached it. */
  incidents: string[]
  exposureByCategory: ExposureByCategory[]
}

// ---------------------------------------------------------------------------------------------------------------
// Hiring

/** Body of `POST /v1/hire/applicants/check`: an applicant as `dragnet hire screen` reads it (docs/hire.md). */
export interface ApplicantCheckBody {
  applicant: Record<string, unknown>
  /** Other applicants to link against (at most 1,000). */
  against?: Record<string, unknown>[]
  /** Resume similarity (percent, 1..100) that links applicants; default 80. */
  resumeThreshold?: number
}

/** A red flag that fired, with the public guidance it comes from. */
export interface HireSignal {
  ruleId: string
  weight: number
  signal: string
  evidence: string[]
  sources: Array<{ id: string; title: string; publisher: string; date: string; url: string }>
}

/** Applicants joined by shared identifiers or near-identical resumes. */
export interface HireCluster {
  members: string[]
  shared: Array<{ kind: string; value: string; members: string[] }>
  similarResumes: Array<{ a: string; b: string; similarity: number }>
}

/** `POST /v1/hire/applicants/check` (investigator, admin; audited as `hire.applicant-check`). */
export interface ApplicantCheckResponse {
  applicantId: string
  /** Sum of the fired weights, capped at 100. */
  score: number
  band: 'low' | 'medium' | 'high'
  advisory: string
  signals: HireSignal[]
  passed: Array<{ ruleId: string; detail: string }>
  notEvaluated: Array<{ ruleId: string; reason: string }>
  cluster?: HireCluster
  /** The other members of the applicant's cluster (empty when none). */
  linkedApplicants: string[]
}

/**
 * Body of `POST /v1/hire/scan`: the repository as a .tgz or .tar archive in `archive` (base64, at most 16 MiB
 * decoded), or a `path` on the server inside one of its scan roots (none unless the operator configures them).
 */
export interface RepoScanBody {
  archive?: string
  /** A name for the report (the archive's file name). */
  name?: string
  path?: string
  minSeverity?: 'low' | 'medium' | 'high'
}

/** One finding of the scanner. */
export interface ScanFinding {
  file: string
  line: number
  rule: string
  severity: 'low' | 'medium' | 'high'
  message: string
  excerpt: string
}

/** `POST /v1/hire/scan` (investigator, admin; audited as `hire.scan`): the static scan, nothing run or installed. */
export interface RepoScanResponse {
  target: string
  kind: 'folder' | 'archive'
  filesScanned: number
  bytesScanned: number
  skipped: string[]
  highest: 'low' | 'medium' | 'high' | 'none'
  counts: { low: number; medium: number; high: number }
  findings: ScanFinding[]
  /** SHA-256 of the uploaded archive (null for a path). */
  sha256: string | null
}

// ---------------------------------------------------------------------------------------------------------------
// Figures over time: GET /v1/incidents/:incidentId/figures/history

/** The figures of one asset at one point. */
export interface HistoryAssetFigures {
  asset: string
  symbol: string | null
  decimals: number | null
  stolen: string
  swappedIn: string
  traced: string
  unfollowed: string
  held: string
  issuerFreezable: string
  exchange: string
  bridge: string
  mixer: string
  dex: string
  dark: string
  /** Freeze requests frozen at that time, at their frozen amount. */
  frozen: string
  recovered: string
  formatted: Record<
    | 'stolen'
    | 'swappedIn'
    | 'traced'
    | 'unfollowed'
    | 'held'
    | 'issuerFreezable'
    | 'exchange'
    | 'bridge'
    | 'mixer'
    | 'dex'
    | 'dark'
    | 'frozen'
    | 'recovered',
    string
  >
}

/** One finished trace of the incident, and frozen / recovered as the freeze requests stood when it finished. */
export interface FiguresHistoryPoint {
  traceId: string
  model: 'poison' | 'haircut' | 'fifo'
  direction: 'forward' | 'backward'
  /** When the trace finished: the point's time. */
  at: string
  assets: HistoryAssetFigures[]
}

/** `GET /v1/incidents/:incidentId/figures/history`: every finished trace the caller may see, oldest first. */
export interface FiguresHistoryResponse {
  incidentId: string
  points: FiguresHistoryPoint[]
}

// ---------------------------------------------------------------------------------------------------------------
// Serving the app

/**
 * `GET /` and every path outside `/v1`, `/health`, `/ready`, `/metrics`, `/openapi.json` and `/taxii2` that is not
 * a file of the built app: the app's index.html. Without a built app: 503 with code `WEB_NOT_BUILT` and
 * `details.hint` = "npm run build:web".
 */
export const WEB_NOT_BUILT = 'WEB_NOT_BUILT'

/** The JSON `dragnet demo --serve --keys-file FILE` writes (mode 0600). */
export interface DemoKeysFile {
  url: string
  demo: { orgId: string; apiKey: string; incidentId: string }
  other: { orgId: string; apiKey: string; incidentId: string }
}
