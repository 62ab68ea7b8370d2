/**
 * The document reader, the real heavy job: a scanned multi-page PDF (written here, JPEG pages)
 * or several photos, read page by page with each page's backend; cancel, download; and the
 * per-document decision under `auto`, taken again when the network turns slow.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { scannedPdf } from '../scripts/lib/scanned-pdf.mjs';
import { jpegPage } from '../scripts/make-document-sample.mjs';
import { expect, test } from './fixtures.ts';

interface OcrSample {
  file: string;
  lines: string[];
}
const samples = JSON.parse(readFileSync('public/samples/ocr/samples.json', 'utf8')) as OcrSample[];
const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();
/** A scanned document whose pages are the OCR samples, in order (six unless told). */
const documentOf = (count = 6) => Buffer.from(scannedPdf(samples.slice(0, count).map((s) => jpegPage(readFileSync(`public/samples/ocr/${s.file}`)))));
const pdfFile = (count = 6) => ({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: documentOf(count) });

async function pageTexts(page: Page): Promise<string[]> {
  return page.getByTestId('page-result').evaluateAll((els) => els.map((el) => [...el.querySelectorAll('[data-testid="ocr-line"] span:first-child')].map((s) => s.textContent).join('')));
}

test('a six-page scanned PDF, read page by page on this device, counted by the progress bar, downloaded as text', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/document-reader');
  await page.getByTestId('input-file').setInputFiles(pdfFile());
  const results = page.getByTestId('page-result');
  await expect(results).toHaveCount(6);
  const bar = page.getByRole('progressbar', { name: 'Pages read' });
  await expect(bar).toHaveAttribute('aria-valuemax', '6');
  await expect(bar).toHaveAttribute('aria-valuenow', '6', { timeout: 120_000 });
  expect(await results.evaluateAll((els) => els.map((e) => [e.getAttribute('data-page'), e.getAttribute('data-status'), e.getAttribute('data-backend')]))).toEqual(
    [1, 2, 3, 4, 5, 6].map((n) => [String(n), 'done', 'wasm']),
  );
  // Each page's own text, in order: the first line of every sample on its page.
  const texts = await pageTexts(page);
  texts.forEach((text, i) => expect(squash(text), `page ${i + 1}`).toContain(squash(samples[i]!.lines[0]!).slice(0, 6)));
  const decision = page.getByTestId('decision');
  await expect(decision).toHaveAttribute('data-backend', 'wasm');
  expect(Number(await decision.getAttribute('data-actual-ms'))).toBeGreaterThan(0);
  // Each model of the document once, with the backend its pages ran on.
  const models = await page.getByTestId('model-backend').evaluateAll((els) => els.map((e) => [e.getAttribute('data-model-id'), e.getAttribute('data-backend')]));
  expect(models.sort()).toEqual([['hangul-rec', 'wasm'], ['ppocr-cls', 'wasm'], ['ppocr-det', 'wasm'], ['ppocr-rec', 'wasm']]);

  const download = page.waitForEvent('download');
  await page.getByTestId('download-text').click();
  const file = await download;
  const text = readFileSync(await file.path(), 'utf8');
  expect(text).toContain('Page 1');
  expect(text).toContain('Page 6');
  expect(squash(text)).toContain(squash(samples[5]!.lines[0]!).slice(0, 6));
});

test('several photos at once are the pages; one that is no picture fails alone', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=ko#/demo/document-reader');
  await page.getByTestId('input-file').setInputFiles([
    { name: 'a.png', mimeType: 'image/png', buffer: readFileSync(`public/samples/ocr/${samples[0]!.file}`) },
    { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') },
    { name: 'c.png', mimeType: 'image/png', buffer: readFileSync(`public/samples/ocr/${samples[2]!.file}`) },
  ]);
  const results = page.getByTestId('page-result');
  await expect(page.getByRole('progressbar', { name: '읽은 쪽' })).toHaveAttribute('aria-valuenow', '3', { timeout: 90_000 });
  expect(await results.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['done', 'failed', 'done']);
  await expect(results.nth(1)).toContainText('사진으로 읽을 수 없습니다');
  await expect(results.nth(2).getByTestId('ocr-line').first()).toBeVisible();
});

test('cancel stops between pages: what was read stays, the rest says cancelled', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/document-reader');
  await page.getByTestId('input-file').setInputFiles(pdfFile());
  await expect(page.locator('[data-testid="page-result"][data-status="done"]').first()).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('job-cancel').click();
  await expect(page.locator('[data-testid="page-result"][data-status="cancelled"]').first()).toBeVisible();
  await expect(page.getByTestId('job-cancel')).toHaveCount(0);
  const statuses = await page.getByTestId('page-result').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  expect(statuses[0]).toBe('done');
  expect(statuses.at(-1)).toBe('cancelled');
  // The page works on: the bundled sample reads in full.
  await page.getByTestId('sample').click();
  await expect(page.getByRole('progressbar', { name: 'Pages read' })).toHaveAttribute('aria-valuenow', '3', { timeout: 90_000 });
});

test('a broken PDF is named, and nothing else is lost', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/document-reader');
  const broken = documentOf(2).subarray(0, 400);
  await page.getByTestId('input-file').setInputFiles({ name: 'torn.pdf', mimeType: 'application/pdf', buffer: broken });
  await expect(page.getByTestId('input-problem')).toContainText('torn.pdf cannot be read as a PDF');
  await page.getByTestId('sample').click();
  await expect(page.getByTestId('page-result')).toHaveCount(3);
});

test('under auto a six-page PDF goes to the datacenter when predicted faster, and stays here when the upload is slow', async ({ page }) => {
  await page.goto('./?consent=granted&lang=en#/demo/document-reader');
  await page.getByTestId('input-file').setInputFiles(pdfFile());
  const decision = page.getByTestId('decision');
  await expect(decision).toHaveAttribute('data-actual-ms', /\d+/, { timeout: 120_000 });
  await expect(decision).toHaveAttribute('data-backend', 'datacenter');
  await expect(decision).toHaveAttribute('data-reason', 'cost');
  const fast = { local: Number(await decision.getAttribute('data-predicted-local-ms')), datacenter: Number(await decision.getAttribute('data-predicted-datacenter-ms')) };
  expect(fast.datacenter).toBeLessThan(fast.local);
  expect(await page.getByTestId('page-result').evaluateAll((els) => els.map((e) => e.getAttribute('data-backend')))).toEqual(Array(6).fill('datacenter'));

  // The visitor's upload drops to 20 KB/s (Chromium's network emulation): measured before the
  // upload, the same document now stays on this device.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 20 * 1024 });
  let uploaded = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/v2/models/ocr/infer') && !(request.postData() ?? '').includes('upload_probe')) uploaded++;
  });
  await page.getByTestId('input-file').setInputFiles(pdfFile());
  await expect(decision).toHaveAttribute('data-actual-ms', /\d+/, { timeout: 180_000 });
  await expect(decision).toHaveAttribute('data-backend', /^(wasm|webgpu)$/);
  const slow = { local: Number(await decision.getAttribute('data-predicted-local-ms')), datacenter: Number(await decision.getAttribute('data-predicted-datacenter-ms')) };
  expect(slow.datacenter).toBeGreaterThan(slow.local);
  expect(uploaded).toBe(0);
  expect(await page.getByTestId('page-result').evaluateAll((els) => els.map((e) => e.getAttribute('data-backend')))).not.toContain('datacenter');
});
