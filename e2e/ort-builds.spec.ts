/**
 * One onnxruntime-web build per rung (issue 13, item 1): the WASM rung runs the plain WASM
 * build and never fetches a GPU build; the WebGPU rung runs the JSPI build where the browser
 * has JSPI (this Chromium does), or the Asyncify build when `?ortgpu=asyncify` asks for it.
 * Which build ran is read from the network: the WebAssembly file each worker fetched.
 */
import { SELFTEST, SELFTEST_EXPECTED, SELFTEST_INPUT, expect, expectClose, ortBuildsFetched, test } from './fixtures.ts';

const selftestSpec = { model: SELFTEST, inputs: { x: { dims: [2, 4], values: SELFTEST_INPUT } } };

test('the WASM rung runs the WASM-only build and fetches no GPU build', async ({ page, context, debug }) => {
  const fetched = ortBuildsFetched(context);
  await debug.open('backend=wasm');
  const ran = await debug.run(selftestSpec);
  if (!ran.ok) throw new Error(ran.message);
  expect(ran.backend).toBe('wasm');
  expectClose(ran.outputs['y']!.data, SELFTEST_EXPECTED);
  expect([...fetched]).toEqual(['wasm']);
  await page.goto('./?lang=en&backend=wasm#/device');
  await expect(page.getByTestId('ort-builds')).toHaveAttribute('data-wasm', 'wasm');
  await expect(page.getByTestId('ort-builds')).toHaveAttribute('data-webgpu', 'jspi');
});

for (const [query, build] of [
  ['', 'jspi'],
  ['&ortgpu=asyncify', 'asyncify'],
] as const) {
  test(`the WebGPU rung runs the ${build} build, and the answers are right`, async ({ debug, context }) => {
    const fetched = ortBuildsFetched(context);
    await debug.open(`backend=webgpu${query}`);
    const ran = await debug.run(selftestSpec);
    if (!ran.ok) throw new Error(ran.message);
    expect(ran.backend).toBe('webgpu');
    expectClose(ran.outputs['y']!.data, SELFTEST_EXPECTED);
    expect([...fetched]).toEqual([build]);
    // WASM work goes to the other worker, with its own build.
    const onWasm = await debug.run({ ...selftestSpec, preference: 'wasm' });
    expect(onWasm).toMatchObject({ ok: true, backend: 'wasm' });
    expect([...fetched].sort()).toEqual([build, 'wasm'].sort());
  });
}
