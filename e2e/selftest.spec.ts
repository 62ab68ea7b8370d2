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
