import { describe, expect, it } from 'vitest';
import type { ModelRunner } from '../model-runner.ts';
import type { NamedTensors } from '../../shared/tensor.ts';
import { createVad } from './detector.ts';

interface Call {
  input: number[];
  inputDims: number[];
  state: number[];
  sr: bigint[];
  stateN: number[];
}

/**
 * A runner that records what it was given (copied: the engine may detach buffers) and
 * answers with a scripted probability and a new state that differs on every call.
 */
function spyRunner(probability: (call: number) => number = () => 0.1) {
  const calls: Call[] = [];
  const run: ModelRunner = async (_id, inputs) => {
    const input = inputs['input']!;
    const state = inputs['state']!;
    const sr = inputs['sr']!;
    if (input.type !== 'float32' || state.type !== 'float32' || sr.type !== 'int64') throw new Error('wrong input types');
    const n = calls.length;
    const stateN = Float32Array.from(state.data, (v, i) => v + n + 1 + i / 1000);
    calls.push({ input: [...input.data], inputDims: input.dims, state: [...state.data], sr: [...sr.data], stateN: [...stateN] });
    await Promise.resolve();
    const out: NamedTensors = {
      output: { type: 'float32', dims: [1, 1], data: Float32Array.of(probability(n)) },
      stateN: { type: 'float32', dims: [2, 1, 128], data: stateN },
    };
    return out;
  };
  return { run, calls };
}

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => (i % 1000) / 1000);

/** Pushes `signal` in pieces of the given sizes (cycled). */
async function pushInPieces(vad: ReturnType<typeof createVad>, signal: Float32Array, sizes: number[]) {
  const frames = [];
  for (let at = 0, k = 0; at < signal.length; k++) {
    const size = sizes[k % sizes.length]!;
    frames.push(...(await vad.push(signal.subarray(at, at + size))));
    at += size;
  }
  return frames;
}

describe('createVad framing', () => {
  const signal = ramp(512 * 5 + 200);

  it('gives the same model inputs however the audio is chunked', async () => {
    const whole = spyRunner();
    await createVad(whole.run).push(signal);
    for (const sizes of [[1], [127, 1000, 3], [512], [513, 511], [128]]) {
      const pieces = spyRunner();
      const frames = await pushInPieces(createVad(pieces.run), signal, sizes);
      expect(frames.map((f) => f.startMs)).toEqual([0, 32, 64, 96, 128]);
      expect(pieces.calls.map((c) => c.input)).toEqual(whole.calls.map((c) => c.input));
    }
    expect(whole.calls).toHaveLength(5);
  });

  it('prepends the previous 64 samples (zeros at the start) to each 512-sample frame', async () => {
    const spy = spyRunner();
    await createVad(spy.run).push(signal);
    expect(spy.calls[0]!.inputDims).toEqual([1, 576]);
    expect(spy.calls[0]!.input).toEqual([...new Array(64).fill(0), ...signal.subarray(0, 512)]);
    expect(spy.calls[1]!.input).toEqual([...signal.subarray(448, 1024)]);
    expect(spy.calls.every((c) => c.sr.length === 1 && c.sr[0] === 16000n)).toBe(true);
  });

  it("carries the state: each call's state input is the previous call's stateN", async () => {
    const spy = spyRunner();
    await pushInPieces(createVad(spy.run), signal, [300]);
    expect(spy.calls[0]!.state).toEqual(new Array(256).fill(0));
    for (let i = 1; i < spy.calls.length; i++) expect(spy.calls[i]!.state).toEqual(spy.calls[i - 1]!.stateN);
  });

  it('keeps order when pushes are not awaited', async () => {
    const spy = spyRunner();
    const vad = createVad(spy.run);
    const results = await Promise.all([vad.push(signal.subarray(0, 700)), vad.push(signal.subarray(700, 1100)), vad.push(signal.subarray(1100))]);
    expect(results.map((r) => r.length)).toEqual([1, 1, 3]);
    const inOrder = spyRunner();
    await createVad(inOrder.run).push(signal);
    expect(spy.calls.map((c) => c.input)).toEqual(inOrder.calls.map((c) => c.input));
  });

  it('copies pushed samples, so a reused buffer does not change queued audio', async () => {
    const spy = spyRunner();
    const vad = createVad(spy.run);
    const buffer = Float32Array.from(signal.subarray(0, 512));
    const pending = vad.push(buffer);
    buffer.fill(9);
    await pending;
    expect(spy.calls[0]!.input.slice(64)).toEqual([...signal.subarray(0, 512)]);
  });
});

describe('createVad flush, segments and reset', () => {
  it('runs the zero-padded tail on flush with its real end time, and closes the open segment', async () => {
    const spy = spyRunner((n) => (n < 2 ? 0.1 : 0.9));
    const vad = createVad(spy.run);
    const frames = await vad.push(ramp(512 * 12 + 100));
    expect(frames).toHaveLength(12);
    expect(vad.segments()).toEqual([]);
    const tail = await vad.flush();
    expect(tail).toEqual([{ startMs: 384, endMs: 384 + 100 / 16, probability: expect.closeTo(0.9, 6) as number }]);
    expect(spy.calls[12]!.input.slice(64 + 100)).toEqual(new Array(412).fill(0));
    expect(vad.segments()).toEqual([{ startMs: 34, endMs: 390.25, peak: expect.closeTo(0.9, 6) as number }]);
    await expect(vad.push(ramp(10))).rejects.toThrow(/reset\(\)/);
  });

  it('reports segments while streaming', async () => {
    const spy = spyRunner((n) => (n >= 2 && n < 12 ? 0.9 : 0.05));
    const vad = createVad(spy.run);
    await vad.push(ramp(512 * 16));
    expect(vad.segments()).toEqual([{ startMs: 34, endMs: 414, peak: expect.closeTo(0.9, 6) as number }]);
  });

  it('reset starts a new stream: zero state and context, time from 0, no segments', async () => {
    const spy = spyRunner(() => 0.9);
    const vad = createVad(spy.run);
    await vad.push(ramp(512 * 10));
    await vad.flush();
    expect(vad.segments()).toHaveLength(1);
    vad.reset();
    expect(vad.segments()).toEqual([]);
    const [frame] = await vad.push(Float32Array.from(ramp(1024).subarray(512)));
    expect(frame!.startMs).toBe(0);
    const last = spy.calls.at(-1)!;
    expect(last.state).toEqual(new Array(256).fill(0));
    expect(last.input.slice(0, 64)).toEqual(new Array(64).fill(0));
  });

  it('names a missing output', async () => {
    const vad = createVad(async () => ({}));
    await expect(vad.push(new Float32Array(512))).rejects.toThrow(/'output'/);
  });
});
