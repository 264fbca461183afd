import { type FormEvent, useEffect, useRef, useState } from 'react'
import { useSession } from '../api/session.tsx'
import { navigate } from '../app/router.tsx'
import { ErrorBanner } from '../ui/states.tsx'

/**
 * Sign in with an API key, exchanged for a session cookie the page's scripts cannot read; or with a one-time link
 * (`#/signin?link=...`, printed by `dragnet demo --serve`), used once and dropped from the address bar.
 */
export function SignInPage({ query }: { query: URLSearchParams }) {
  const { signIn, signInWithLink, principal } = useSession()
  const [key, setKey] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const link = query.get('link')
  const tried = useRef(false)

  useEffect(() => {
    if (!link || tried.current) return
    tried.current = true
    setBusy(true)
    signInWithLink(link)
      .then(() => navigate('/', { replace: true }))
      .catch((e: unknown) => {
        setError(e)
        window.history.replaceState(null, '', '#/signin')
      })
      .finally(() => setBusy(false))
  }, [link, signInWithLink])

  useEffect(() => {
    if (principal && !link) navigate('/', { replace: true })
  }, [principal, link])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await signIn(key.trim())
      navigate('/', { replace: true })
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="signin" id="main">
      <h1>Dragnet</h1>
      <p>Sign in with your organisation's API key.</p>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
        />
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ErrorBanner error={error} />
    </main>
  )
}
