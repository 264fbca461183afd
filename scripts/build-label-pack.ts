// Builds src/labels/pack/default-pack.json.gz from the public data in ../shared/data (see docs/labels-notice.md):
// the OFAC SDN digital currency addresses, exchanges, bridges, mixers and DEXes from the Etherscan labels,
// and the FBI's Bybit laundering addresses (PSA250226) as dprk-attributed.
// Usage: node --import tsx scripts/build-label-pack.ts [data-dir] [out-file]
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { readLabelFile } from '../src/labels/import-labels.ts'
import { type LabelPack, PACK_FORMAT } from '../src/labels/label-pack.ts'
import type { Label } from '../src/labels/label-types.ts'

const data = process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'data')
const out = process.argv[3] ?? join(import.meta.dirname, '..', 'src', 'labels', 'pack', 'default-pack.json.gz')
const SDN = 'ofac/sdn_advanced-2025-11-19.xml.bz2'
const ETHERSCAN = 'labels/etherscan-labels-combined.json'
const FBI = 'attribution/fbi_psa250226_bybit_51_addresses.txt'
const SERVICE = new Set(['exchange', 'exchange-deposit', 'hot-wallet', 'bridge', 'mixer', 'dex'])

const [sdn] = await readLabelFile('ofac-sdn', join(data, SDN))
const [etherscan] = await readLabelFile('etherscan', join(data, ETHERSCAN), { sourceDate: '2023-10-01' })
if (!sdn || !etherscan) throw new Error('no labels read')
const fbi: Label[] = readFileSync(join(data, FBI), 'utf8')
  .split(/\r?\n/)
  .map((l) => l.trim())
  .filter((l) => /^0x[0-9a-fA-F]{40}$/.test(l))
  .map((address) => ({
    chain: 'ethereum',
    address,
    category: 'dprk-attributed',
    name: 'TraderTraitor (Lazarus Group): Bybit theft laundering',
    source: 'fbi-psa250226',
    sourceDate: '2025-02-26',
    confidence: 95,
    programmes: [],
    asset: 'ETH',
    notes: 'FBI public service announcement PSA250226',
  }))
if (fbi.length !== 51) throw new Error(`expected 51 FBI addresses, read ${fbi.length}`)

const pack: LabelPack = {
  format: PACK_FORMAT,
  built: new Date().toISOString().slice(0, 10),
  sources: [
    {
      source: 'ofac-sdn',
      format: 'ofac-sdn',
      sourceDate: sdn.sourceDate,
      origin: SDN,
      licence: 'US Treasury OFAC SDN list; US government work, public domain',
    },
    {
      source: 'etherscan',
      format: 'etherscan',
      sourceDate: '2023-10-01',
      origin: ETHERSCAN,
      licence: 'github.com/brianleect/etherscan-labels, MIT',
    },
    {
      source: 'fbi-psa250226',
      format: 'list',
      sourceDate: '2025-02-26',
      origin: FBI,
      licence: 'FBI IC3 PSA250226; US government work, public domain',
    },
  ],
  labels: [...sdn.labels, ...etherscan.labels.filter((l) => SERVICE.has(l.category)), ...fbi],
}
writeFileSync(out, gzipSync(JSON.stringify(pack), { level: 9 }))
const by: Record<string, number> = {}
for (const l of pack.labels) by[`${l.source}:${l.category}`] = (by[`${l.source}:${l.category}`] ?? 0) + 1
process.stdout.write(`${JSON.stringify({ out, labels: pack.labels.length, by })}\n`)
