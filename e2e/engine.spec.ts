/** The engine's failure paths, through the real worker and ORT. */
import { SELFTEST, SELFTEST_EXPECTED, SELFTEST_INPUT, expect, expectClose, test } from './fixtures.ts';

const selftestSpec = { model: SELFTEST, inputs: { x: { dims: [2, 4], values: SELFTEST_INPUT } } };

test('abort mid-run rejects with AbortError, recycles the worker, and the engine still runs', async ({ debug }) => {
  await debug.open('backend=wasm');
  const model = { id: 'ppocr-det', url: 'models/ppocr-det/1/model.onnx' };
  const first = await debug.run({ model, inputs: { x: { dims: [1, 3, 640, 640], seed: 7 } } }); // session created and warmed
  if (!first.ok) throw new Error(first.message);
  // 4× the pixels, and a warm-up for the new shape first: at least ~8× the run just measured,
  // so an abort at half of that run lands while ORT is computing, even on a loaded machine.
  const abortAt = Math.max(50, first.runMs / 2);
  const before = await debug.workerGeneration();
  const aborted = await debug.run({ model, inputs: { x: { dims: [1, 3, 1280, 1280], seed: 7 } }, abortAfterMs: abortAt });
  expect(aborted).toMatchObject({ ok: false, name: 'AbortError' });
  const after = await debug.run(selftestSpec);
  if (!after.ok) throw new Error(after.message);
  expectClose(after.outputs['y']!.data, SELFTEST_EXPECTED);
  expect(await debug.workerGeneration()).toBe(before + 1);
});

test('a lost GPU device is recovered on the next rung and reported', async ({ debug }) => {
  await debug.open('backend=webgpu');
  const onGpu = await debug.run(selftestSpec);
  expect(onGpu).toMatchObject({ ok: true, backend: 'webgpu', skipped: [] });
  expect(await debug.loseGpuDevice()).toBe(true);
  const recovered = await debug.run(selftestSpec);
  if (!recovered.ok) throw new Error(recovered.message);
  expect(recovered.backend).toBe('wasm');
  expect(recovered.skipped).toEqual([expect.objectContaining({ backend: 'webgpu', reason: 'device-lost' })]);
  expectClose(recovered.outputs['y']!.data, SELFTEST_EXPECTED);
  // The page keeps working: later runs go straight to WASM with the same reason shown.
  const later = await debug.run(selftestSpec);
  expect(later).toMatchObject({ ok: true, backend: 'wasm', skipped: [{ backend: 'webgpu', reason: 'device-lost' }] });
});

test('a worker that crashes mid-call is replaced and the engine keeps working', async ({ debug }) => {
  await debug.open('backend=wasm');
  expect(await debug.run(selftestSpec)).toMatchObject({ ok: true, backend: 'wasm' });
  const before = await debug.workerGeneration();
  const crashed = await debug.crashWorker();
  expect(crashed).toMatchObject({ ok: false, name: 'WorkerCrashedError' });
  expect(crashed.message).toContain('crash requested for a recovery test');
  const after = await debug.run(selftestSpec);
  if (!after.ok) throw new Error(after.message);
  expectClose(after.outputs['y']!.data, SELFTEST_EXPECTED);
  expect(await debug.workerGeneration()).toBe(before + 1);
});

test('a wrong input shape gets a clear error and loses nothing', async ({ debug }) => {
  await debug.open('backend=webgpu');
  const wrong = await debug.run({ model: SELFTEST, inputs: { x: { dims: [2, 5], seed: 1 } } });
  expect(wrong).toMatchObject({ ok: false, name: 'InvalidInputError' });
  if (wrong.ok) return;
  expect(wrong.message).toContain("unexpected shape for input 'x'");
  expect(wrong.message).toContain('Expected [batch,4], got [2,5]');
  const renamed = await debug.run({ model: SELFTEST, inputs: { input: { dims: [2, 4], seed: 1 } } });
  expect(renamed).toMatchObject({ ok: false, name: 'InvalidInputError' });
  const right = await debug.run(selftestSpec);
  expect(right).toMatchObject({ ok: true, backend: 'webgpu' });
});

test('a missing model and a file that is not ONNX fail with ModelLoadError, not a silent fallback', async ({ debug }) => {
  await debug.open('backend=webgpu');
  const missing = await debug.run({ ...selftestSpec, model: { id: 'nope', url: 'models/nope/1/model.onnx' } });
  expect(missing).toMatchObject({ ok: false, name: 'ModelLoadError' });
  const notOnnx = await debug.run({ ...selftestSpec, model: { id: 'favicon', url: 'favicon.svg' } });
  expect(notOnnx).toMatchObject({ ok: false, name: 'ModelLoadError' });
  const right = await debug.run(selftestSpec);
  expect(right).toMatchObject({ ok: true, backend: 'webgpu' });
});
