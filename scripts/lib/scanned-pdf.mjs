/**
 * Writes a "scanned" PDF: one JPEG per page, drawn to fill the page (1 pixel = 1 point), as
 * a photocopier or a phone scanner app makes them. Enough PDF for pdf.js, poppler and any
 * viewer: a catalog, a page tree, and per page an image XObject (DCTDecode) and the content
 * stream that paints it. Used for the bundled sample and by the e2e tests.
 */

/**
 * @param {{ jpeg: Uint8Array, width: number, height: number }[]} pages
 * @returns {Uint8Array}
 */
export function scannedPdf(pages) {
  /** @type {(string | Uint8Array)[]} */
  const parts = [];
  /** @type {number[]} */
  const offsets = [];
  let length = 0;
  const push = (/** @type {string | Uint8Array} */ part) => {
    parts.push(part);
    length += typeof part === 'string' ? Buffer.byteLength(part, 'latin1') : part.length;
  };
  const object = (/** @type {number} */ id, /** @type {(string | Uint8Array)[]} */ body) => {
    offsets[id] = length;
    push(`${id} 0 obj\n`);
    body.forEach(push);
    push('\nendobj\n');
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const pageIds = pages.map((_, i) => 3 + i * 3);
  object(1, ['<< /Type /Catalog /Pages 2 0 R >>']);
  object(2, [`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`]);
  pages.forEach((page, i) => {
    const [pageId, imageId, contentId] = [3 + i * 3, 4 + i * 3, 5 + i * 3];
    const paint = `q ${page.width} 0 0 ${page.height} 0 0 cm /Im0 Do Q`;
    object(pageId, [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Resources << /XObject << /Im0 ${imageId} 0 R >> >> /Contents ${contentId} 0 R >>`]);
    object(imageId, [
      `<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${page.jpeg.length} >>\nstream\n`,
      page.jpeg,
      '\nendstream',
    ]);
    object(contentId, [`<< /Length ${paint.length} >>\nstream\n${paint}\nendstream`]);
  });
  const xref = length;
  const count = 3 + pages.length * 3;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let id = 1; id < count; id++) push(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'latin1') : part;
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}
