import type { FreezeLetter } from './freeze-letter.ts'
import { TLP_COLOURS } from './tlp-colours.ts'

const esc = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')

const STYLE = `
body { font-family: Helvetica, Arial, sans-serif; font-size: 11pt; color: #111; max-width: 56em; margin: 2em auto; }
.tlp { display: inline-block; background: #000; font-weight: bold; padding: 0.15em 0.6em; }
header, footer { display: flex; justify-content: space-between; align-items: center; }
table { border-collapse: collapse; width: 100%; margin: 0.8em 0; }
th, td { text-align: left; vertical-align: top; padding: 0.25em 0.5em; border-bottom: 1px solid #ddd; }
th { background: #f3f3f3; }
.facts th { width: 14em; background: none; }
code, .mono { font-family: "Courier New", monospace; font-size: 9pt; word-break: break-all; }
.pending { color: #666; font-style: italic; }
@media print { body { margin: 0; } }`

/** The letter as a standalone HTML page (no scripts, no external resources), marked with its TLP on top and bottom. */
export function renderLetterHtml(letter: FreezeLetter): string {
  const tlp = `<span class="tlp" style="color: ${TLP_COLOURS[letter.tlp] ?? '#FFFFFF'}">TLP:${esc(letter.tlp)}</span>`
  const facts = letter.facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td class="mono">${esc(v)}</td></tr>`).join('\n')
  const path = letter.path
    .map(
      (s) =>
        `<tr><td>${s.step}</td><td class="mono">${esc(s.from)}</td><td class="mono">${esc(s.to)}</td>` +
        `<td>${esc(s.tainted)}</td><td>${esc(s.amount)}</td><td class="mono">${esc(s.tx)}</td>` +
        `<td>${esc(s.block)}</td><td>${esc(s.time ?? '')}</td></tr>`,
    )
    .join('\n')
  const contact = [letter.from.name, letter.from.organisation, letter.from.email ?? ''].filter(Boolean).map(esc)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(letter.subject)}</title>
<style>${STYLE}
</style>
</head>
<body>
<header>${tlp}<span>Reference ${esc(letter.reference)}</span></header>
<p>${esc(letter.date)}</p>
<p>To: ${esc(letter.to)}<br>From: ${contact.join(', ')}</p>
<h1>${esc(letter.subject)}</h1>
${letter.body.map((p) => `<p>${esc(p)}</p>`).join('\n')}
<h2>The request</h2>
<table class="facts">
${facts}
<tr><th>Freeze window</th><td>${letter.freezeWindow === null ? '<span class="pending">not yet estimated</span>' : esc(letter.freezeWindow)}</td></tr>
</table>
<h2>Path of the funds</h2>
<table>
<tr><th>#</th><th>From</th><th>To</th><th>Tainted</th><th>Transfer</th><th>Transaction</th><th>Block</th><th>Time (UTC)</th></tr>
${path}
</table>
<h2>Transactions that brought funds to the address</h2>
<ul>
${letter.transactions.map((t) => `<li><code>${esc(t)}</code></li>`).join('\n')}
</ul>
<h2>Contact</h2>
<p>${contact.join('<br>')}</p>
<footer>${tlp}<span>${esc(letter.handling)}</span></footer>
</body>
</html>
`
}
