import type { ReactNode } from 'react'
import { ApiError } from '../api/client.ts'

/** What went wrong, with the API's stable code, announced to screen readers. */
export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null
  const code = error instanceof ApiError ? error.code : 'ERROR'
  const message = error instanceof Error ? error.message : String(error)
  return (
    <div role="alert" className="error-banner">
      <strong>{code}</strong> {message}
    </div>
  )
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" aria-live="polite">
      Loading {what}…
    </p>
  )
}

/** A page's heading and the actions beside it. */
export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {children ? <div className="page-actions">{children}</div> : null}
    </header>
  )
}
