import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib'
import type { FreezeLetter } from './freeze-letter.ts'
import { TLP_COLOURS } from './tlp-colours.ts'

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 56
const WIDTH = A4[0] - 2 * MARGIN

/** The standard PDF fonts encode WinAnsi only: anything else becomes '?', never a failed render. */
const winAnsi = (s: string): string =>
  s.replace(/[^\x20-\x7E\u00A0-\u00FF\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026\u20AC]/g, '?')

const hex = (c: string) =>
  rgb(
    Number.parseInt(c.slice(1, 3), 16) / 255,
    Number.parseInt(c.slice(3, 5), 16) / 255,
    Number.parseInt(c.slice(5, 7), 16) / 255,
  )

interface Fonts {
  regular: PDFFont
  bold: PDFFont
  mono: PDFFont
}

/** Lays text out top to bottom, wrapping at the margin and starting a new page when one is full. */
class Writer {
  page: PDFPage
  y = A4[1] - MARGIN - 24

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.page = doc.addPage(A4)
  }

  private room(height: number): void {
    if (this.y - height >= MARGIN + 20) return
    this.page = this.doc.addPage(A4)
    this.y = A4[1] - MARGIN - 24
  }

  /** Splits `text` into lines no wider than `width`; long unbroken words (hashes) are cut. */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const out: string[] = []
    let line = ''
    for (const word of winAnsi(text).split(/\s+/).filter(Boolean)) {
      let w = word
      const next = line ? `${line} ${w}` : w
      if (font.widthOfTextAtSize(next, size) <= width) {
        line = next
        continue
      }
      if (line) out.push(line)
      while (font.widthOfTextAtSize(w, size) > width) {
        let cut = w.length - 1
        while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--
        out.push(w.slice(0, cut))
        w = w.slice(cut)
      }
      line = w
    }
    if (line) out.push(line)
    return out
  }

  text(text: string, opts: { font?: PDFFont; size?: number; indent?: number; gap?: number } = {}): void {
    const font = opts.font ?? this.fonts.regular
    const size = opts.size ?? 10
    const indent = opts.indent ?? 0
    for (const line of this.wrap(text, font, size, WIDTH - indent)) {
      this.room(size * 1.35)
      this.page.drawText(line, { x: MARGIN + indent, y: this.y - size, size, font })
      this.y -= size * 1.35
    }
    this.y -= opts.gap ?? 4
  }

  /** A label and its value on one line, the value wrapped in its own column. */
  fact(label: string, value: string, mono = false): void {
    const size = 9
    const col = 150
    const lines = this.wrap(value, mono ? this.fonts.mono : this.fonts.regular, size, WIDTH - col)
    this.room(size * 1.35 * Math.max(1, lines.length))
    this.page.drawText(winAnsi(label), { x: MARGIN, y: this.y - size, size, font: this.fonts.bold })
    for (const line of lines) {
      this.page.drawText(line, {
        x: MARGIN + col,
        y: this.y - size,
        size,
        font: mono ? this.fonts.mono : this.fonts.regular,
      })
      this.y -= size * 1.35
    }
    this.y -= 3
  }

  heading(text: string): void {
    this.room(40)
    this.y -= 8
    this.text(text, { font: this.fonts.bold, size: 12, gap: 6 })
  }
}

/** The TLP label (coloured text on black) at the top right and bottom left of every page, with page numbers. */
function markPages(doc: PDFDocument, letter: FreezeLetter, fonts: Fonts): void {
  const label = `TLP:${winAnsi(letter.tlp)}`
  const size = 10
  const w = fonts.bold.widthOfTextAtSize(label, size)
  const colour = hex(TLP_COLOURS[letter.tlp] ?? '#FFFFFF')
  const pages = doc.getPages()
  pages.forEach((page, i) => {
    for (const [x, y] of [
      [A4[0] - MARGIN - w - 8, A4[1] - MARGIN + 4],
      [MARGIN, MARGIN - 22],
    ] as const) {
      page.drawRectangle({ x, y, width: w + 8, height: size + 6, color: rgb(0, 0, 0) })
      page.drawText(label, { x: x + 4, y: y + 4, size, font: fonts.bold, color: colour })
    }
    const n = `${letter.reference}  page ${i + 1} of ${pages.length}`
    page.drawText(n, {
      x: A4[0] - MARGIN - fonts.regular.widthOfTextAtSize(n, 8),
      y: MARGIN - 18,
      size: 8,
      font: fonts.regular,
    })
  })
}

/** The letter as a PDF of real text (standard fonts, selectable and searchable), A4, TLP-marked on every page. */
export async function renderLetterPdf(letter: FreezeLetter): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  }
  const when = new Date(letter.date)
  doc.setTitle(winAnsi(letter.subject))
  doc.setSubject(`Freeze request ${letter.reference}`)
  doc.setAuthor(winAnsi(letter.from.organisation))
  doc.setCreator('Dragnet')
  doc.setProducer('Dragnet')
  doc.setKeywords([`TLP:${letter.tlp}`, 'freeze request'])
  if (!Number.isNaN(when.getTime())) {
    doc.setCreationDate(when)
    doc.setModificationDate(when)
  }
  const w = new Writer(doc, fonts)
  w.text(letter.date, { size: 9 })
  w.text(`To: ${letter.to}`, { size: 10, gap: 0 })
  const from = [letter.from.name, letter.from.organisation, letter.from.email ?? ''].filter(Boolean).join(', ')
  w.text(`From: ${from}`, { size: 10, gap: 10 })
  w.text(letter.subject, { font: fonts.bold, size: 14, gap: 8 })
  for (const p of letter.body) w.text(p, { gap: 6 })
  w.heading('The request')
  for (const [k, v] of letter.facts) w.fact(k, v, /^(Address|Incident|Trace|Request|First)/.test(k))
  w.fact('Freeze window', letter.freezeWindow ?? 'not yet estimated')
  w.heading('Path of the funds')
  for (const s of letter.path) {
    w.text(`${s.step}. ${s.from} -> ${s.to}`, { font: fonts.mono, size: 8, gap: 0 })
    w.text(`${s.tainted} tainted of ${s.amount}; block ${s.block}${s.time ? `, ${s.time}` : ''}`, {
      size: 8.5,
      indent: 14,
      gap: 0,
    })
    w.text(`tx ${s.tx}`, { font: fonts.mono, size: 8, indent: 14, gap: 5 })
  }
  w.heading('Transactions that brought funds to the address')
  for (const t of letter.transactions) w.text(t, { font: fonts.mono, size: 8, gap: 1 })
  w.heading('Contact')
  w.text(from)
  w.heading('Handling')
  w.text(letter.handling, { size: 9 })
  markPages(doc, letter, fonts)
  return doc.save({ useObjectStreams: false })
}
