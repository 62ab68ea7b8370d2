import { expect, test } from './fixtures.ts';

/** The hand-checked model, through the Device page's UI, on each rung. */
for (const backend of ['wasm', 'webgpu'] as const) {
  test(`self-test computes the hand-worked answer on ${backend}`, async ({ page }) => {
    await page.goto(`./?backend=${backend}&lang=en#/device`);
    await page.getByTestId('selftest-run').click();
    await expect(page.getByTestId('selftest-verdict')).toHaveAttribute('data-pass', 'true');
    await expect(page.getByTestId('selftest-values')).toHaveText('[0.5, 0, 1.25, 1.5, 0, 0.75]');
    await expect(page.getByTestId('backend')).toHaveText(backend);
    const latency = Number(await page.getByTestId('latency-ms').textContent());
    expect(latency).toBeGreaterThan(0);
    // Forced rungs start the ladder there: nothing faster was skipped.
    await expect(page.getByTestId('fallback-reason')).toHaveCount(0);
  });
}

test('auto on a software adapter runs on WASM and says why WebGPU was skipped', async ({ page }) => {
  await page.goto('./?backend=auto&lang=en#/device');
  await expect(page.getByTestId('webgpu-status')).toHaveText('software');
  await page.getByTestId('selftest-run').click();
  await expect(page.getByTestId('selftest-verdict')).toHaveAttribute('data-pass', 'true');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  const reason = page.getByTestId('fallback-reason').locator('li');
  await expect(reason).toHaveAttribute('data-reason', 'software-adapter');
  await expect(reason).toContainText('SwiftShader');
});

test('two rapid runs are queued, not "Session already started"', async ({ page }) => {
  await page.goto('./?backend=webgpu#/device');
  const run = page.getByTestId('selftest-run');
  await run.click();
  await run.click();
  await expect(page.getByTestId('selftest-completed')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
});

test('three runs started together on a session not yet created all answer correctly', async ({ debug, page }) => {
  await debug.open('backend=webgpu');
  const results = await page.evaluate(() => {
    const model = { id: 'selftest-mlp', url: 'models/selftest-mlp/1/model.onnx' };
    const run = (values: number[]) => window.axDebug.run({ model, inputs: { x: { dims: [1, 4], values } }, preference: 'webgpu' });
    // Not awaited one by one: all three reach the worker while its session is being created.
    return Promise.all([run([1, 2, 3, 4]), run([0, 0, 0, 0]), run([1, 2, 3, 4])]);
  });
  expect(results.map((r) => r.ok && r.backend)).toEqual(['webgpu', 'webgpu', 'webgpu']);
  const y = results.map((r) => (r.ok ? r.outputs['y']!.data : []));
  expect(y[0]).toEqual([0.5, 0, 1.25]); // Relu(x·W+b), worked by hand
  expect(y[1]).toEqual([0.5, 0, 0.25]);
  expect(y[2]).toEqual(y[0]);
});
