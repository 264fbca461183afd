import { useState } from 'react'
import { parseUnits } from './amount-scale.ts'
import type { TraceFilter } from './trace-filter.ts'
import { assetMeta } from './trace-json.ts'
import type { TraceModel } from './trace-model.ts'
import { symbolOf } from './trace-units.ts'

const toLocalInput = (s: number) => {
  const d = new Date(s * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
const fromLocalInput = (v: string): number | undefined => (v ? Math.floor(new Date(v).getTime() / 1000) : undefined)

/** Hops shown, asset, minimum tainted amount and time window: each narrows what the graph and the lists show. */
export function TraceControls({
  model,
  filter,
  onChange,
}: {
  model: TraceModel
  filter: TraceFilter
  onChange: (f: TraceFilter) => void
}) {
  const assets = Object.keys(model.result.assets)
  const [min, setMin] = useState('')
  const set = (patch: { [K in keyof TraceFilter]?: TraceFilter[K] | undefined }) => {
    const next = { ...filter, ...patch } as Record<string, unknown>
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k]
    onChange(next as unknown as TraceFilter)
  }
  const applyMin = (text: string, asset: string | undefined) => {
    setMin(text)
    const decimals = asset ? (assetMeta(model.result.assets, asset).decimals ?? 0) : null
    const v = decimals === null || text.trim() === '' ? null : parseUnits(text, decimals)
    set({ asset, minAmount: v ?? undefined })
  }
  return (
    <fieldset className="trace-controls panel">
      <legend>Show</legend>
      <label>
        Hops up to <output>{filter.maxHop}</output>
        <input
          type="range"
          min={0}
          max={model.maxLayer}
          value={filter.maxHop}
          onChange={(e) => set({ maxHop: Number(e.target.value) })}
          aria-valuetext={`${filter.maxHop} of ${model.maxLayer} hops`}
        />
      </label>
      <label>
        Asset
        <select value={filter.asset ?? ''} onChange={(e) => applyMin(min, e.target.value || undefined)}>
          <option value="">All assets</option>
          {assets.map((a) => (
            <option key={a} value={a}>
              {symbolOf(model.result.assets, a)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Minimum tainted {filter.asset ? symbolOf(model.result.assets, filter.asset) : '(choose an asset)'}
        <input
          type="text"
          inputMode="decimal"
          value={min}
          disabled={!filter.asset}
          onChange={(e) => applyMin(e.target.value, filter.asset)}
          size={10}
        />
      </label>
      {model.timeRange ? (
        <>
          <label>
            From
            <input
              type="datetime-local"
              defaultValue={toLocalInput(model.timeRange[0])}
              onChange={(e) => set({ fromTime: fromLocalInput(e.target.value) })}
            />
          </label>
          <label>
            To
            <input
              type="datetime-local"
              defaultValue={toLocalInput(model.timeRange[1] + 60)}
              onChange={(e) => set({ toTime: fromLocalInput(e.target.value) })}
            />
          </label>
        </>
      ) : null}
    </fieldset>
  )
}
