import type { ReactNode } from 'react'
import { useSession } from '../api/session.tsx'
import { AddressPage } from '../pages/AddressPage.tsx'
import { AlertsPage } from '../pages/AlertsPage.tsx'
import { FreezeBoardPage } from '../pages/FreezeBoardPage.tsx'
import { HiringPage } from '../pages/HiringPage.tsx'
import { IncidentPage } from '../pages/IncidentPage.tsx'
import { IncidentsPage } from '../pages/IncidentsPage.tsx'
import { ScreeningPage } from '../pages/ScreeningPage.tsx'
import { SignInPage } from '../pages/SignInPage.tsx'
import { TracePage } from '../pages/TracePage.tsx'
import { Link, type Location, useLocation } from './router.tsx'

/**
 * The app's pages by hash path:
 *   /                                   incidents
 *   /incidents/ID                       an incident's dashboard
 *   /incidents/ID/traces/TRACE          the trace view (?model=, ?address= selects a node)
 *   /incidents/ID/freeze                what to freeze where, and the freeze-request board
 *   /addresses/CHAIN/ADDRESS            an address
 *   /screening, /alerts, /hiring
 *   /signin                             sign in (?link= a one-time link from `dragnet demo --serve`)
 */
function page(loc: Location): ReactNode {
  const [a, b, c, d] = loc.segments
  if (a === undefined) return <IncidentsPage />
  if (a === 'incidents' && b && c === undefined) return <IncidentPage incidentId={b} />
  if (a === 'incidents' && b && c === 'traces' && d) return <TracePage incidentId={b} traceId={d} query={loc.query} />
  if (a === 'incidents' && b && c === 'freeze') return <FreezeBoardPage incidentId={b} />
  if (a === 'addresses' && b && c) return <AddressPage chain={b} address={c} />
  if (a === 'screening') return <ScreeningPage />
  if (a === 'alerts') return <AlertsPage />
  if (a === 'hiring') return <HiringPage />
  return (
    <section>
      <h1>Not found</h1>
      <p>
        Nothing lives at <code>{loc.path}</code>. <Link to="/">Incidents</Link>
      </p>
    </section>
  )
}

const NAV: [string, string][] = [
  ['/', 'Incidents'],
  ['/alerts', 'Alerts'],
  ['/screening', 'Screening'],
  ['/hiring', 'Hiring'],
]

export function App() {
  const loc = useLocation()
  const { principal, signOut } = useSession()
  if (principal === undefined) return <p className="loading">Loading…</p>
  if (principal === null || loc.segments[0] === 'signin') return <SignInPage query={loc.query} />
  const current = loc.segments[0] === undefined || loc.segments[0] === 'incidents' ? '/' : `/${loc.segments[0]}`
  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={skipToMain}>
        Skip to content
      </button>
      <header className="topbar">
        <Link to="/" className="brand">
          Dragnet
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([to, label]) => (
              <li key={to}>
                <Link to={to} aria-current={current === to ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span title={`role ${principal.role}`}>
            {principal.orgName} · {principal.role}
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page(loc)}
      </main>
    </div>
  )
}

// A button, not an anchor to #main: the app routes on the hash, so the skip link focuses the main region instead.
function skipToMain(): void {
  document.getElementById('main')?.focus()
}
