import { type ReactNode, useEffect, useRef } from 'react'

/**
 * The frame of a node's panel: the address as its heading and a Close button. A newly selected node's heading
 * takes the focus, so a keyboard user goes on from it (Tab reaches the panel's actions). The exact explanation
 * and the probable layer's account of an address only past a mixer both sit in it.
 */
export function NodePanelFrame({
  address,
  onClose,
  className,
  children,
}: {
  address: string
  onClose: () => void
  /** Added to `panel node-panel`, e.g. to mark a probable-only address. */
  className?: string
  children: ReactNode
}) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (address) heading.current?.focus()
  }, [address])
  return (
    <section className={`panel node-panel${className ? ` ${className}` : ''}`} aria-labelledby="node-panel-title">
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
