/** The one media type of TAXII 2.1 (section 1.6.8), answered on every response. */
export const TAXII_MEDIA = 'application/taxii+json;version=2.1'
export const STIX_MEDIA = 'application/stix+json;version=2.1'

/**
 * Whether an Accept header asks for something this server writes: `application/taxii+json` with version 2.1
 * or none. A listed version other than 2.1, or no TAXII type at all, is a 406.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept) return false
  return accept.split(',').some((item) => {
    const m = /^application\/taxii\+json(?:;version=([0-9.]+))?(?:;q=[0-9.]+)?$/.exec(item.replaceAll(' ', '').trim())
    return m !== null && (m[1] === undefined || m[1] === '2.1')
  })
}

/** Whether a request body is TAXII 2.1 JSON; anything else POSTed is a 415. */
export function isTaxiiContent(contentType: string | undefined): boolean {
  if (!contentType) return false
  const m = /^application\/taxii\+json(?:;version=([0-9.]+))?$/.exec(contentType.replaceAll(' ', '').trim())
  return m !== null && (m[1] === undefined || m[1] === '2.1')
}
