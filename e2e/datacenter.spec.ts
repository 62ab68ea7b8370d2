/** Offload to the datacenter (the real KServe v2 endpoint serving this app), in Chromium. */
import { expect, expectClose, test, SELFTEST_EXPECTED } from './fixtures.ts';
import { startEndpoint } from './endpoint-process.ts';

test('the first upload asks for consent; allowed, the datacenter answers with the latency split', async ({ page }) => {
  await page.goto('./?backend=datacenter&lang=en#/device');
  await expect(page.getByTestId('datacenter-status')).toHaveText('reachable');
  await page.getByTestId('selftest-run').click();
  const dialog = page.getByTestId('consent');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Engine self-test model');
  await page.getByTestId('consent-allow').click();
  await expect(page.getByTestId('selftest-verdict')).toHaveAttribute('data-pass', 'true');
  await expect(page.getByTestId('backend')).toHaveText('datacenter');
  expect(Number(await page.getByTestId('latency-ms').textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId('server-ms')).toContainText('ms');
  await expect(page.getByTestId('network-ms')).toContainText('ms');
  // Asked once per visit.
  await page.getByTestId('selftest-run').click();
  await expect(page.getByTestId('selftest-completed')).toHaveAttribute('data-count', '2');
  await expect(dialog).toBeHidden();
});

test('declining keeps the input on this device and says so', async ({ page }) => {
  await page.goto('./?backend=datacenter&lang=ko#/device');
  await page.getByTestId('selftest-run').click();
  await page.getByTestId('consent-deny').click();
  await expect(page.getByTestId('selftest-verdict')).toHaveAttribute('data-pass', 'true');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  const reason = page.getByTestId('fallback-reason').locator('li');
  await expect(reason).toHaveAttribute('data-reason', 'consent-denied');
  await expect(reason).toContainText('데이터센터로 보내지 않기로');
});

test('PP-OCRv4 detection gives the same answer on the datacenter as on this device', async ({ debug }) => {
  await debug.open('consent=granted');
  const model = { id: 'ppocr-det', url: 'models/ppocr-det/1/model.onnx' };
  const inputs = { x: { dims: [1, 3, 64, 96], seed: 11 } };
  const remote = await debug.run({ model, inputs, preference: 'datacenter' });
  const local = await debug.run({ model, inputs, preference: 'wasm' });
  if (!remote.ok || !local.ok) throw new Error(JSON.stringify([remote, local]).slice(0, 400));
  expect(remote.backend).toBe('datacenter');
  expect(local.backend).toBe('wasm');
  const [name] = Object.keys(local.outputs);
  expect(remote.outputs[name!]!.dims).toEqual(local.outputs[name!]!.dims);
  expectClose(remote.outputs[name!]!.data, local.outputs[name!]!.data, 1e-4);
});

test('a datacenter that stops mid-session: a clear reason, and this device answers', async ({ page, baseURL }) => {
  const endpoint = await startEndpoint(new URL(baseURL!).origin);
  try {
    await page.goto(`./?backend=datacenter&consent=granted&lang=en&endpoint=${encodeURIComponent(endpoint.url)}#/device`);
    await page.getByTestId('selftest-run').click();
    await expect(page.getByTestId('backend')).toHaveText('datacenter');
    await endpoint.stop();
    await page.getByTestId('selftest-run').click();
    await expect(page.getByTestId('selftest-completed')).toHaveAttribute('data-count', '2');
    await expect(page.getByTestId('backend')).toHaveText('wasm');
    const reason = page.getByTestId('fallback-reason').locator('li');
    await expect(reason).toHaveAttribute('data-reason', 'datacenter-unavailable');
    await expect(reason).toContainText('did not answer');
    await expect(page.getByTestId('selftest-values')).toHaveText(`[${SELFTEST_EXPECTED.join(', ')}]`);
  } finally {
    await endpoint.stop();
  }
});

test("a company endpoint with API keys: refused without the key, used with it", async ({ page, baseURL }) => {
  const endpoint = await startEndpoint(new URL(baseURL!).origin, { API_KEYS: 'company-key-1' });
  try {
    await page.goto(`./?backend=datacenter&consent=granted&lang=en&endpoint=${encodeURIComponent(endpoint.url)}#/device`);
    await page.getByTestId('selftest-run').click();
    await expect(page.getByTestId('backend')).toHaveText('wasm');
    const reason = page.getByTestId('fallback-reason').locator('li');
    await expect(reason).toHaveAttribute('data-reason', 'datacenter-refused');
    await expect(reason).toContainText('401');
    await page.getByTestId('datacenter-key').fill('company-key-1');
    await page.getByTestId('datacenter-key').blur();
    await expect(page.getByTestId('datacenter-status')).toHaveText('reachable');
    await page.getByTestId('selftest-run').click();
    await expect(page.getByTestId('selftest-completed')).toHaveAttribute('data-count', '2');
    await expect(page.getByTestId('backend')).toHaveText('datacenter');
    await expect(page.getByTestId('selftest-verdict')).toHaveAttribute('data-pass', 'true');
  } finally {
    await endpoint.stop();
  }
});
