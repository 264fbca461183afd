import assert from 'node:assert/strict'
import { test } from 'node:test'
import { labelText, Metrics } from './metrics.ts'

test('metrics render in Prometheus text format: counters, gauges and cumulative histogram buckets', () => {
  const m = new Metrics()
  m.inc('dragnet_http_requests_total', { method: 'GET', route: '/health', status: '200' })
  m.inc('dragnet_http_requests_total', labelText({ method: 'GET', route: '/health', status: '200' }))
  m.setGauge('dragnet_trace_jobs_queued', 3)
  m.observe('dragnet_trace_job_seconds', 0.003)
  m.observe('dragnet_trace_job_seconds', 2)
  const text = m.render()
  assert.match(text, /^# HELP dragnet_http_requests_total /m)
  assert.match(text, /^# TYPE dragnet_http_requests_total counter$/m)
  assert.match(text, /^dragnet_http_requests_total\{method="GET",route="\/health",status="200"\} 2$/m)
  assert.match(text, /^dragnet_trace_jobs_queued 3$/m)
  assert.match(text, /^dragnet_trace_job_seconds_bucket\{le="0.0025"\} 0$/m)
  assert.match(text, /^dragnet_trace_job_seconds_bucket\{le="0.005"\} 1$/m)
  assert.match(text, /^dragnet_trace_job_seconds_bucket\{le="2.5"\} 2$/m)
  assert.match(text, /^dragnet_trace_job_seconds_bucket\{le="\+Inf"\} 2$/m)
  assert.match(text, /^dragnet_trace_job_seconds_count 2$/m)
  assert.equal(labelText({ a: 'x"y\\z' }), '{a="x\\"y\\\\z"}')
})
