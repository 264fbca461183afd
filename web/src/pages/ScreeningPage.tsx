export function ScreeningPage() {
  return <h1>Screening</h1>
}
