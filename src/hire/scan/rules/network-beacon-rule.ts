import type { FileRule } from './file-rule.ts'
import { findingAt } from './file-rule.ts'
import { isLocalIpv4, parseIpv4 } from './ip-address.ts'

const URL_HOST = /\b(?:https?|wss?|tcp|ftp):\/\/([A-Za-z0-9.-]+)(?::(\d{1,5}))?/g
const QUOTED_IP = /['"`](\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?::(\d{1,5}))?['"`]/g
const ORDINARY_PORTS = new Set([80, 443, 3000, 3001, 4000, 4200, 5000, 5173, 8000, 8080, 8081, 8443, 8888, 9000])
const LOCAL_NAMES = /^(?:localhost|.*\.local|.*\.localhost|.*\.internal)$/i
/** Ports that published Contagious Interview loaders beacon to (BeaverTail 1224/1244/1245). */
const CAMPAIGN_PORTS = new Set([1224, 1244, 1245])

/** Beacons to raw public IP addresses and to unusual ports. */
export const networkBeaconRule: FileRule = (file, _ctx, out) => {
  const t = file.text
  let count = 0
  if (t.includes('://')) {
    for (const m of t.matchAll(URL_HOST)) {
      const host = m[1]!
      const port = m[2] === undefined ? undefined : Number(m[2])
      const ip = parseIpv4(host)
      if (ip !== undefined) {
        if (isLocalIpv4(ip)) continue
        out.push(findingAt(file, m.index, 'SCAN-RAW-IP-BEACON', 'high', `contacts a raw IP address ${m[0]}`))
      } else if (port !== undefined && !LOCAL_NAMES.test(host)) {
        if (CAMPAIGN_PORTS.has(port)) {
          out.push(
            findingAt(
              file,
              m.index,
              'SCAN-UNUSUAL-PORT',
              'high',
              `contacts port ${port}, used by published loaders: ${m[0]}`,
            ),
          )
        } else if (!ORDINARY_PORTS.has(port)) {
          out.push(findingAt(file, m.index, 'SCAN-UNUSUAL-PORT', 'medium', `contacts an unusual port ${port}: ${m[0]}`))
        } else continue
      } else continue
      if (++count >= 20) return
    }
  }
  for (const m of t.matchAll(QUOTED_IP)) {
    const ip = parseIpv4(m[1]!)
    if (ip === undefined || isLocalIpv4(ip)) continue
    const before = t.slice(Math.max(0, m.index - 12), m.index)
    if (/:\/\/$/.test(before)) continue
    out.push(findingAt(file, m.index, 'SCAN-RAW-IP-BEACON', 'medium', `holds a raw IP address literal ${m[0]}`))
    if (++count >= 20) return
  }
}
