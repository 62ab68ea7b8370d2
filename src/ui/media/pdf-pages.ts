/**
 * PDF pages as pictures for OCR jobs. pdf.js parses in its own worker, but draws only on the
 * main thread (pdf.js #10319, #18010: fonts and canvases need `document`), so each page is
 * drawn here, one at a time, at the size OCR needs, and handed on as a JPEG file: the job
 * then runs in the inference worker or the datacenter like any photo. A scanned page (one
 * image) draws quickly. pdf.js is loaded on first use, so other demos never download it.
 */
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/** Longest side of a drawn page: the OCR job reads at most 1920 (src/tasks/ocr/job.ts). */
const PAGE_SIDE = 1920;
/** Never draw a page above twice its nominal size (72 dpi → 144 dpi): small scans are not helped by more. */
const MAX_SCALE = 2;

export interface PdfDocument {
  pageCount: number;
  /** Draws page `number` (1-based) and encodes it as JPEG. */
  renderPage(number: number): Promise<Blob>;
  close(): Promise<void>;
}

/** Opens a PDF; throws an Error named `UnreadablePdfError` for anything pdf.js cannot read. */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  // No fonts from the network (scans need none), and no image so large it would exhaust memory.
  const task = pdfjs.getDocument({ data: bytes, disableFontFace: true, useSystemFonts: false, maxImageSize: 64e6 });
  let document;
  try {
    document = await task.promise;
  } catch (error) {
    const unreadable = new Error(`this PDF cannot be read: ${(error as Error).message}`);
    unreadable.name = 'UnreadablePdfError';
    throw unreadable;
  }
  const pdf = document;
  return {
    pageCount: pdf.numPages,
    async renderPage(number) {
      const page = await pdf.getPage(number);
      try {
        const base = page.getViewport({ scale: 1 });
        const scale = Math.min(MAX_SCALE, PAGE_SIDE / Math.max(base.width, base.height));
        const viewport = page.getViewport({ scale });
        const canvas = globalThis.document.createElement('canvas');
        canvas.width = Math.max(1, Math.floor(viewport.width));
        canvas.height = Math.max(1, Math.floor(viewport.height));
        await page.render({ canvas, viewport, background: 'white' }).promise;
        return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the page could not be encoded'))), 'image/jpeg', 0.9));
      } finally {
        page.cleanup();
      }
    },
    close: () => task.destroy(),
  };
}
