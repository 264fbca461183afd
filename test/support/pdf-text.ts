import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What a PDF reader finds in a document: its pages' text (one string per page) and its info dictionary. */
export interface PdfContent {
  pages: string[]
  info: Record<string, unknown>
}

/** Parses a PDF with Mozilla's PDF.js (what browsers use) and extracts the text of every page. */
export async function pdfText(bytes: Uint8Array): Promise<PdfContent> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl: `${pathToFileURL(join(root, 'standard_fonts')).href}/`,
    verbosity: 0,
  }).promise
  try {
    const pages: string[] = []
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i)
      const content = await page.getTextContent()
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''))
    }
    const meta = await doc.getMetadata()
    return { pages, info: meta.info as Record<string, unknown> }
  } finally {
    await doc.destroy()
  }
}
