import '../address/address.css'
import { ExposurePanel } from '../address/ExposurePanel.tsx'
import { IncidentsPanel } from '../address/IncidentsPanel.tsx'
import { LabelsPanel } from '../address/LabelsPanel.tsx'
import { TransfersPanel } from '../address/TransfersPanel.tsx'
import { useApiData } from '../api/use-api-data.ts'
import { ReasonList } from '../screening/ReasonList.tsx'
import { sourceText } from '../screening/reason-text.ts'
import { SeverityBadge } from '../screening/SeverityBadge.tsx'
import type { AddressAnswer } from '../screening/screen-types.ts'
import { ErrorBanner, Loading, PageHeader } from '../ui/states.tsx'

/** One address: its screening result with reasons, labels with their history, exposure, incidents and transfers. */
export function AddressPage({ chain, address }: { chain: string; address: string }) {
  const { data, error, loading } = useApiData<AddressAnswer>(
    `/v1/addresses/${encodeURIComponent(chain)}/${encodeURIComponent(address)}`,
  )
  // The API answers with the address normalised (EVM: lowercase); later requests use that form.
  const addr = data?.address ?? address
  return (
    <section className="page-address">
      <PageHeader
        title={
          <span className="address-head">
            <span className="mono">{addr}</span> <span className="muted">on {chain}</span>
          </span>
        }
      >
        {data ? (
          <span>
            Risk <SeverityBadge value={data.severity} />
          </span>
        ) : null}
      </PageHeader>
      {loading && !data ? <Loading what="the address" /> : null}
      <ErrorBanner error={error} />
      {data ? (
        <>
          <section className="panel" aria-labelledby="address-screening">
            <h2 id="address-screening">Screening</h2>
            <ReasonList reasons={data.reasons} chain={data.chain} />
            <p className="muted">
              Label sources:{' '}
              {data.labelSources.map((b) => `${sourceText(b.source, b.sourceDate)} (${b.active} listed)`).join(', ') ||
                'none'}
            </p>
          </section>
          <LabelsPanel chain={data.chain} address={addr} current={data.labels} />
          <ExposurePanel exposure={data.exposure} note={data.exposureNote} assets={data.assets} />
          <IncidentsPanel chain={data.chain} address={addr} />
          <TransfersPanel chain={data.chain} address={addr} />
        </>
      ) : null}
    </section>
  )
}
