export function TracePage({ incidentId, traceId }: { incidentId: string; traceId: string; query: URLSearchParams }) {
  return (
    <h1>
      Trace {traceId} of {incidentId}
    </h1>
  )
}
