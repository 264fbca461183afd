export function IncidentPage({ incidentId }: { incidentId: string }) {
  return <h1>Incident {incidentId}</h1>
}
