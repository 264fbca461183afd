import { type AnchorHTMLAttributes, useEffect, useState } from 'react'

/** Where the app is: the part of the URL after `#`, split into path segments and query. */
export interface Location {
  path: string
  segments: string[]
  query: URLSearchParams
}

function read(): Location {
  const raw = window.location.hash.replace(/^#/, '') || '/'
  const [path = '/', search = ''] = raw.split('?', 2)
  return { path, segments: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(search) }
}

/**
 * The current location. The app routes on the hash, so every page has a URL an investigator can paste into a case
 * note, and the server needs no route of its own per page.
 */
export function useLocation(): Location {
  const [loc, setLoc] = useState(read)
  useEffect(() => {
    const on = () => setLoc(read())
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return loc
}

/** Goes to `to` (a path such as `/incidents/ID`, with an optional query). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const hash = `#${to}`
  if (options.replace) window.history.replaceState(null, '', hash)
  else window.history.pushState(null, '', hash)
  window.dispatchEvent(new HashChangeEvent('hashchange'))
}

/** Builds an app path from segments, each encoded. */
export function pathOf(...segments: string[]): string {
  return `/${segments.map(encodeURIComponent).join('/')}`
}

/** A link inside the app. */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a href={`#${to}`} {...rest} />
}
