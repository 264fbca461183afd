export function FreezeBoardPage({ incidentId }: { incidentId: string }) {
  return <h1>Freeze requests of {incidentId}</h1>
}
