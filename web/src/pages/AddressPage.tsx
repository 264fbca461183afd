export function AddressPage({ chain, address }: { chain: string; address: string }) {
  return (
    <h1>
      {address} on {chain}
    </h1>
  )
}
