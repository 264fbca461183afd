import { Link, pathOf } from '../app/router.tsx'
import { short } from '../ui/format.ts'
import './address-link.css'

/**
 * An address as a link to its page (#/addresses/CHAIN/ADDRESS): shortened on screen, whole in the title and in the
 * accessible name, so a screen reader and a copy of the link both carry the full address.
 */
export function AddressLink({
  chain,
  address,
  label,
  full = false,
}: {
  chain: string
  address: string
  /** A name to show instead of the address (a label's entity); the address stays in the title. */
  label?: string | undefined
  /** Show the whole address rather than its ends. */
  full?: boolean
}) {
  const shown = label ?? (full ? address : short(address))
  return (
    <Link
      to={addressPath(chain, address)}
      className={full ? 'mono address-link full' : 'mono address-link'}
      title={`${address} on ${chain}`}
    >
      {shown}
    </Link>
  )
}

/** The app path of an address's page. */
export function addressPath(chain: string, address: string): string {
  return pathOf('addresses', chain, address)
}
