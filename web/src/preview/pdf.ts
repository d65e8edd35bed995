// pdf.js for the file preview (components/FilePreviewDialog.vue), imported only by that dialog's PDF path, so
// pdf.js is a chunk of its own that the sign-in page and the other pages never download (vite.config.ts).
//
// Everything comes from web/dist, nothing from a CDN (production has no internet):
// - the worker is bundled by Vite (`?worker`, format es) as dist/assets/pdf.worker.min-<hash>.js, a module
//   worker from 'self' (the server serves .js as text/javascript; it has no type for .mjs);
// - the CMaps (CJK text in non-embedded fonts), the standard fonts (the 14 PDF base fonts) and the JPEG 2000
//   decoder's JavaScript fallback are copied by vite.config.ts into dist/assets/pdfjs-<version>/ (the version in
//   the path: the server caches assets/ for good).
//
// The server's CSP is script-src 'self' (no 'unsafe-eval', no 'wasm-unsafe-eval'): isEvalSupported false keeps
// pdf.js from compiling PostScript functions with new Function (it then interprets them), useWasm false from
// instantiating WebAssembly (the JBIG2, CCITT and JPEG 2000 decoders fall back to JavaScript; ICC colour
// profiles are approximated).
// The legacy build: it runs on the same browsers as the rest of the app (Vite's default targets), the modern
// build only on the newest ones.
import {
  GlobalWorkerOptions,
  getDocument,
  version,
  RenderingCancelledException,
  type PDFDocumentProxy,
  type PDFPageProxy,
  type RenderTask,
} from 'pdfjs-dist/legacy/build/pdf.mjs'
import PdfWorker from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?worker'

export type { PDFDocumentProxy, PDFPageProxy, RenderTask }
export { RenderingCancelledException }

/** Where vite.config.ts copies pdf.js's data files (cmaps/, standard_fonts/, wasm/). */
export const PDFJS_DATA = `${import.meta.env.BASE_URL}assets/pdfjs-${version}/`

let worker: Worker | null = null

function ensureWorker(): void {
  if (worker) return
  worker = new PdfWorker()
  GlobalWorkerOptions.workerPort = worker
}

/** Why a PDF cannot be shown: not a PDF pdf.js can read, or encrypted with a password. */
export type PdfFailure = 'broken' | 'password'

export class PdfOpenError extends Error {
  constructor(readonly reason: PdfFailure) {
    super(reason)
  }
}

/** Opens a PDF from its bytes; a broken or password-protected file is a PdfOpenError. */
export async function openPdf(data: Uint8Array): Promise<PDFDocumentProxy> {
  ensureWorker()
  const task = getDocument({
    data,
    cMapUrl: `${PDFJS_DATA}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${PDFJS_DATA}standard_fonts/`,
    wasmUrl: `${PDFJS_DATA}wasm/`,
    useWasm: false,
    isEvalSupported: false,
    enableXfa: false,
  })
  try {
    return await task.promise
  } catch (e) {
    void task.destroy()
    // pdf.js does not export its PasswordException; without an onPassword callback it rejects with one
    if (e instanceof Error && e.name === 'PasswordException') throw new PdfOpenError('password')
    // InvalidPDFException, or any other failure to parse (an unexpected structure, a missing xref, …)
    throw new PdfOpenError('broken')
  }
}

/** The largest canvas drawn, in device pixels (phones refuse very large canvases). */
const MAX_PIXELS = 16_000_000

/**
 * Draws `page` into `canvas` `cssWidth` CSS pixels wide, sharp on high-density screens. Returns the render
 * task (cancel it when another page or zoom is asked for before it ends).
 */
export function renderPage(page: PDFPageProxy, canvas: HTMLCanvasElement, cssWidth: number): RenderTask {
  const base = page.getViewport({ scale: 1 })
  const scale = cssWidth / base.width
  const viewport = page.getViewport({ scale })
  let ratio = window.devicePixelRatio || 1
  const pixels = viewport.width * viewport.height * ratio * ratio
  if (pixels > MAX_PIXELS) ratio = Math.sqrt(MAX_PIXELS / (viewport.width * viewport.height))
  canvas.width = Math.max(1, Math.floor(viewport.width * ratio))
  canvas.height = Math.max(1, Math.floor(viewport.height * ratio))
  canvas.style.width = `${Math.floor(viewport.width)}px`
  canvas.style.height = `${Math.floor(viewport.height)}px`
  return page.render({
    canvas,
    viewport,
    transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
  })
}
