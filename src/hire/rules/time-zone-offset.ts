/** The UTC offset in minutes of an IANA time zone at a given instant (DST-aware), e.g. -300 for New York in winter. */
export function timeZoneOffsetMinutes(timeZone: string, at: Date): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value
  const m = part === undefined ? null : /GMT([+-])(\d{2}):?(\d{2})?/.exec(part)
  if (!m) return 0
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0')
  return m[1] === '-' ? -minutes : minutes
}

/** Formats minutes east of UTC as UTC+HH:MM. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}
