import { type ReactNode, useEffect, useRef } from 'react'

/**
 * The panel of an address only the probable layer reaches: the exact trace has nothing to explain there, so it
 * holds the probable layer's account of it alone.
 */
export function ProbablePanel({
  address,
  onClose,
  children,
}: {
  address: string
  onClose: () => void
  children: ReactNode
}) {
  const heading = useRef<HTMLHeadingElement>(null)
  // As in the exact panel: a newly selected node's account takes the focus.
  useEffect(() => {
    if (address) heading.current?.focus()
  }, [address])
  return (
    <section className="panel node-panel probable-panel" aria-labelledby="node-panel-title">
      <div className="node-panel-head">
        <h2 id="node-panel-title" ref={heading} tabIndex={-1}>
          <span className="mono">{address}</span>
        </h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </section>
  )
}
