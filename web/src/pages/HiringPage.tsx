export function HiringPage() {
  return <h1>Hiring</h1>
}
