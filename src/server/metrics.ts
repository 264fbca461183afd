const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

const HELP: Record<string, [type: string, help: string]> = {
  dragnet_http_requests_total: ['counter', 'HTTP requests answered, by method, route and status'],
  dragnet_http_request_duration_seconds: ['histogram', 'HTTP request duration, by route'],
  dragnet_trace_jobs_total: ['counter', 'Trace jobs finished, by status'],
  dragnet_trace_job_seconds: ['histogram', 'Trace job duration'],
  dragnet_trace_jobs_queued: ['gauge', 'Trace jobs waiting to run'],
}

interface Histogram {
  counts: number[]
  sum: number
  count: number
}

/** Labels in exposition form, `{k="v",...}`; callers on a hot path format once and pass the text. */
export const labelText = (labels: Record<string, string>): string => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)
  return parts.length > 0 ? `{${parts.join(',')}}` : ''
}

/** The few counters, gauges and histograms the server keeps, written in Prometheus' text format. */
export class Metrics {
  private readonly counters = new Map<string, Map<string, number>>()
  private readonly gauges = new Map<string, number>()
  private readonly histograms = new Map<string, Map<string, Histogram>>()

  inc(name: string, labels: Record<string, string> | string = {}, by = 1): void {
    let series = this.counters.get(name)
    if (!series) {
      series = new Map()
      this.counters.set(name, series)
    }
    const key = typeof labels === 'string' ? labels : labelText(labels)
    series.set(key, (series.get(key) ?? 0) + by)
  }

  setGauge(name: string, value: number): void {
    this.gauges.set(name, value)
  }

  observe(name: string, seconds: number, labels: Record<string, string> | string = {}): void {
    let series = this.histograms.get(name)
    if (!series) {
      series = new Map()
      this.histograms.set(name, series)
    }
    const key = typeof labels === 'string' ? labels : labelText(labels)
    let h = series.get(key)
    if (!h) {
      h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }
      series.set(key, h)
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= (BUCKETS[i] as number)) h.counts[i] = (h.counts[i] ?? 0) + 1
    h.sum += seconds
    h.count++
  }

  /** The exposition text for GET /metrics. */
  render(): string {
    const out: string[] = []
    const head = (name: string, fallback: string) => {
      const [type, help] = HELP[name] ?? [fallback, name]
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
    }
    for (const [name, series] of this.counters) {
      head(name, 'counter')
      for (const [labels, v] of series) out.push(`${name}${labels} ${v}`)
    }
    for (const [name, v] of this.gauges) {
      head(name, 'gauge')
      out.push(`${name} ${v}`)
    }
    for (const [name, series] of this.histograms) {
      head(name, 'histogram')
      for (const [labels, h] of series) {
        const inner = labels.slice(1, -1)
        const withLe = (le: string) => `{${inner ? `${inner},` : ''}le="${le}"}`
        for (let i = 0; i < BUCKETS.length; i++) out.push(`${name}_bucket${withLe(String(BUCKETS[i]))} ${h.counts[i]}`)
        out.push(
          `${name}_bucket${withLe('+Inf')} ${h.count}`,
          `${name}_sum${labels} ${h.sum}`,
          `${name}_count${labels} ${h.count}`,
        )
      }
    }
    return `${out.join('\n')}\n`
  }
}
