import { useMemo } from 'react'
import { CATEGORY_NAMES } from './category-colors.ts'
import { percent } from './probable-model.ts'
import type { FilterOutcome } from './trace-filter.ts'
import type { ModelNode, TraceModel } from './trace-model.ts'
import { amountText } from './trace-units.ts'

/** Rows listed at most; the graph still draws every node. */
const MAX_ROWS = 300

const order = (n: ModelNode) =>
  n.seed ? 0 : n.endpoints.some((e) => e.freezableBy.length > 0) ? 1 : n.endpoints.length ? 2 : 3

/**
 * The graph's nodes as a table a keyboard and a screen reader can use: seeds, then freezable endpoints, then other
 * endpoints, then the addresses money passed through. Each address is a button that selects the node.
 */
export function NodeList({
  model,
  outcome,
  showProbable = false,
  selected,
  onSelect,
}: {
  model: TraceModel
  outcome: FilterOutcome
  /** List the addresses only the probable layer past mixers reaches, after the exact ones and marked so. */
  showProbable?: boolean
  selected: string | null
  onSelect: (address: string) => void
}) {
  const rows = useMemo(
    () =>
      [...model.nodes.values()]
        .filter((n) => outcome.nodes.has(n.address))
        .sort((a, b) => order(a) - order(b) || a.layer - b.layer || a.address.localeCompare(b.address)),
    [model, outcome],
  )
  const probableRows = useMemo(
    () =>
      showProbable && model.probable
        ? [...model.probable.nodes.values()]
            .filter((n) => !model.nodes.has(n.address))
            .sort((a, b) => a.layer - b.layer || a.address.localeCompare(b.address))
        : [],
    [model, showProbable],
  )
  const assets = model.result.assets
  // Past a mixer the taint may have been swapped into assets the exact result does not name.
  const probableAssets = { ...(model.probable?.layer.assets ?? {}), ...assets }
  return (
    <div className="table-wrap node-list">
      <table>
        <caption>
          Addresses in the graph ({rows.length}
          {rows.length > MAX_ROWS ? `, the first ${MAX_ROWS} listed` : ''}
          {probableRows.length > 0 ? `; ${probableRows.length} more past mixers, probable` : ''})
        </caption>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Category</th>
            <th scope="col" className="num">
              Hop
            </th>
            <th scope="col" className="num">
              Ended here
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, MAX_ROWS).map((n) => (
            <tr
              key={n.address}
              aria-selected={n.address === selected}
              className={n.address === selected ? 'selected' : undefined}
            >
              <AddressCell node={n} selected={selected} onSelect={onSelect} />
              <td>{CATEGORY_NAMES[n.category] ?? n.category}</td>
              <td className="num">{n.layer}</td>
              <td className="num">
                {Object.entries(n.node?.final ?? {})
                  .filter(([, v]) => v !== '0')
                  .map(([a, v]) => (
                    <div key={a}>{amountText(assets, a, v)}</div>
                  ))}
              </td>
            </tr>
          ))}
          {probableRows.slice(0, MAX_ROWS).map((n) => (
            <tr
              key={n.address}
              aria-selected={n.address === selected}
              className={`probable-row${n.address === selected ? ' selected' : ''}`}
            >
              <AddressCell node={n} selected={selected} onSelect={onSelect} />
              <td>
                {CATEGORY_NAMES[n.category] ?? n.category}, probable (past a mixer)
                {n.links[0] ? ` · ${percent(n.links[0].confidence)}` : ''}
              </td>
              <td className="num">{n.layer}</td>
              <td className="num">
                {n.endpoints.map((e) => (
                  <div key={`${e.asset}|${e.link}`}>{amountText(probableAssets, e.asset, e.amount)} probable</div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A row's address: a button that selects its node, pressed while it is the selected one. */
function AddressCell({
  node,
  selected,
  onSelect,
}: {
  node: { address: string; label: string }
  selected: string | null
  onSelect: (address: string) => void
}) {
  return (
    <td>
      <button
        type="button"
        className="link-button mono"
        aria-pressed={node.address === selected}
        aria-label={`${node.label} (${node.address})`}
        onClick={() => onSelect(node.address)}
        data-address={node.address}
      >
        {node.label}
      </button>
    </td>
  )
}
