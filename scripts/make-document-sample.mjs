#!/usr/bin/env node
/**
 * Writes public/samples/documents/scanned-notices.pdf: three OCR samples as the pages of a
 * scanned document (JPEG pages), for the document reader and the kiosk's attract loop.
 * Deterministic: jpeg-js encodes the same bytes every run. Usage: node scripts/make-document-sample.mjs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { scannedPdf } from './lib/scanned-pdf.mjs';

export const DOCUMENT_PAGES = ['energy-electricity-meter.png', 'healthcare-amoxicillin.png', 'automotive-direction-sign.png'];

/** A PNG as a JPEG page on white (the samples' transparent corners would scan as white paper). */
export function jpegPage(/** @type {Buffer} */ png, quality = 90) {
  const image = PNG.sync.read(png);
  const rgba = Buffer.from(image.data);
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = rgba[i + 3] / 255;
    for (let k = 0; k < 3; k++) rgba[i + k] = Math.round(rgba[i + k] * alpha + 255 * (1 - alpha));
    rgba[i + 3] = 255;
  }
  return { jpeg: new Uint8Array(jpeg.encode({ width: image.width, height: image.height, data: rgba }, quality).data), width: image.width, height: image.height };
}

const isMain = process.argv[1] && new URL(import.meta.url).pathname === process.argv[1];
if (isMain) {
  const pages = DOCUMENT_PAGES.map((file) => jpegPage(readFileSync(`public/samples/ocr/${file}`)));
  writeFileSync('public/samples/documents/scanned-notices.pdf', scannedPdf(pages));
  console.log(`wrote public/samples/documents/scanned-notices.pdf (${pages.length} pages)`);
}
