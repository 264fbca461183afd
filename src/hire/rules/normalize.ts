/** Folds a person's name so that case, accents, punctuation and word order do not count as differences. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .sort()
    .join(' ')
}

const ADDRESS_WORDS: Record<string, string> = {
  street: 'st',
  avenue: 'ave',
  road: 'rd',
  boulevard: 'blvd',
  drive: 'dr',
  apartment: 'apt',
  suite: 'ste',
  lane: 'ln',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
}

/** Folds a postal address so that case, punctuation and common abbreviations do not count as differences. */
export function normalizeAddress(address: string): string {
  return address
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => ADDRESS_WORDS[w] ?? w)
    .join(' ')
}

/** Folds a date of birth written as YYYY-MM-DD or with slashes into YYYY-MM-DD where possible. */
export function normalizeDate(date: string): string {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(date.trim())
  if (!m) return date.trim()
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
}

/** Folds a country as written (code or name) for comparison with another statement of the same applicant. */
export function normalizeCountry(country: string): string {
  return country.trim().toLowerCase()
}
