/**
 * Every job task, whole, under onnxruntime-node with the Node task environment: the answers
 * the browser worker and the server's pipeline models give, and the v2 codec of each job
 * (what a datacenter run sends and gets back) losing nothing.
 */
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRunner } from '../../scripts/lib/node-runner.ts';
import recipe from '../../models/health-risk/recipe-output.json' with { type: 'json' };
import { HEADER_LENGTH, decodeInferRequest, encodeInferRequest } from '../shared/kserve-v2.ts';
import { packBytes } from '../shared/tensor.ts';
import { nodeTaskEnv } from '../server/node-task-env.ts';
import { decodePng } from './ocr/png.ts';
import { inflateSync } from 'node:zlib';
import { analysedMegapixels, pictureSize } from './picture-size.ts';
import { TASKS, taskOf } from './registry.ts';
import { HEALTH_FIELD_NAMES, healthValuesOf } from './tabular/health-fields.ts';
import { TaskInputError, UnreadableImageError, type JobProgress, type TaskContext } from './task.ts';
import { decodeWav, toPcm16 } from './vad/wav.ts';

const runner = nodeRunner();
afterAll(() => runner.release());
const env = nodeTaskEnv('models');
const context = (progress?: JobProgress[]): TaskContext => ({ run: runner.run, env, ...(progress ? { onProgress: (p: JobProgress) => void progress.push(p) } : {}) });
const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();
const plate = readFileSync('public/samples/ocr/automotive-plate.png');

describe('the ocr job', () => {
  it('reads a PNG whole, with stage progress and the picture size its boxes refer to', async () => {
    const progress: JobProgress[] = [];
    const result = await taskOf('ocr').run({ image: plate }, context(progress));
    const png = decodePng(plate, (d) => inflateSync(d));
    expect(result.imageSize).toEqual({ width: png.width, height: png.height });
    expect(result.downscaledFrom).toBeUndefined();
    expect(result.lines.length).toBeGreaterThan(0);
    expect(progress.map((p) => p.step)).toEqual(['detect', 'classify', 'recognize', 'recognize']);
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 });
  });

  it('reads the same text from a JPEG of the same picture, and scales a large one down', async () => {
    const png = decodePng(plate, (d) => inflateSync(d));
    const asJpeg = jpeg.encode({ width: png.width, height: png.height, data: Buffer.from(png.data.buffer) }, 95).data;
    const [fromPng, fromJpeg] = await Promise.all([taskOf('ocr').run({ image: plate }, context()), taskOf('ocr').run({ image: asJpeg }, context())]);
    expect(squash(fromJpeg.lines.map((l) => l.text).join(''))).toBe(squash(fromPng.lines.map((l) => l.text).join('')));
    const big = { width: 2600, height: 1000, data: Buffer.alloc(2600 * 1000 * 4, 255) };
    const scaled = await taskOf('ocr').run({ image: jpeg.encode(big, 80).data }, context());
    expect(scaled.downscaledFrom).toEqual({ width: 2600, height: 1000 });
    expect(scaled.imageSize).toEqual({ width: 1920, height: 738 });
    expect(scaled.lines).toEqual([]);
  });

  it('refuses a file that is no picture with an UnreadableImageError', async () => {
    const error = await taskOf('ocr').run({ image: new TextEncoder().encode('not a picture at all, only some text here') }, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableImageError);
    expect(error).toBeInstanceOf(TaskInputError);
  });

  it('travels as v2 tensors: the photo as BYTES, the lines, boxes and facts back as they were', async () => {
    const task = taskOf('ocr');
    const sent = task.wire.encodeInput({ image: plate });
    expect(sent['image']).toMatchObject({ type: 'bytes', dims: [1] });
    // Through the real v2 codec, binary as the engine sends it, read raw as the server reads it.
    const { body, headers } = encodeInferRequest(sent, { binary: true });
    const received = decodeInferRequest(body, Number(headers[HEADER_LENGTH]), 'ocr', { rawBytes: true });
    expect(Buffer.from(task.wire.decodeInput(received.inputs).image).equals(plate)).toBe(true);
    const result = await task.run({ image: plate }, context());
    const back = task.wire.decodeResult(task.wire.encodeResult(result));
    expect(back.lines.map((l) => [l.text, l.confidence, l.flipped])).toEqual(result.lines.map((l) => [l.text, l.confidence, l.flipped]));
    back.lines.forEach((line, i) => line.box.flat().forEach((v, k) => expect(v).toBeCloseTo(result.lines[i]!.box.flat()[k]!, 3)));
    expect({ ...back, lines: [] }).toEqual({ ...result, lines: [] });
  });

  it('sizes a job from the picture header: megapixels analysed and bytes to upload', () => {
    expect(pictureSize(plate)).toEqual({ width: decodePng(plate, (d) => inflateSync(d)).width, height: decodePng(plate, (d) => inflateSync(d)).height });
    const big = jpeg.encode({ width: 4000, height: 3000, data: Buffer.alloc(4000 * 3000 * 4) }, 50).data;
    expect(pictureSize(big)).toEqual({ width: 4000, height: 3000 });
    expect(analysedMegapixels({ width: 4000, height: 3000 }, 1920)).toBeCloseTo((1920 * 1440) / 1e6, 6);
    expect(taskOf('ocr').size({ image: big })).toEqual({ work: (1920 * 1440) / 1e6, unit: 'megapixel', uploadBytes: big.length });
  });
});

describe('the vad job', () => {
  const clip = decodeWav(readFileSync('public/samples/vad/ko-senior-checkin.wav'));
  const known = (JSON.parse(readFileSync('public/samples/vad/samples.json', 'utf8')) as { samples: { segments: { startMs: number; endMs: number }[] }[] }).samples[0]!.segments;
  const input = { pcm: toPcm16(clip.samples), sampleRate: clip.sampleRate };

  it('finds the known speech in a clip, reporting progress a second at a time', async () => {
    const progress: JobProgress[] = [];
    const result = await taskOf('vad').run(input, context(progress));
    expect(result.segments).toHaveLength(known.length);
    result.segments.forEach((s, i) => expect(Math.abs(s.startMs - known[i]!.startMs)).toBeLessThan(300));
    expect(progress.at(-1)).toEqual({ step: 'listen', done: Math.ceil(clip.samples.length / 16000), total: Math.ceil(clip.samples.length / 16000) });
    expect(result.durationMs).toBeCloseTo((clip.samples.length / 16000) * 1000, 3);
  });

  it('sends exactly its samples as a WAV and gets frames and segments back unchanged', async () => {
    const task = taskOf('vad');
    const decoded = task.wire.decodeInput(task.wire.encodeInput(input));
    expect(decoded.sampleRate).toBe(input.sampleRate);
    expect(decoded.pcm).toEqual(input.pcm);
    const result = await task.run(input, context());
    expect(task.wire.decodeResult(task.wire.encodeResult(result))).toEqual(result);
    expect(task.size(input)).toEqual({ work: input.pcm.length / 16000, unit: 'second', uploadBytes: 44 + input.pcm.length * 2 });
  });

  it('refuses audio that is not a WAV, and an impossible sample rate', async () => {
    expect(() => taskOf('vad').wire.decodeInput({ audio: { type: 'bytes', dims: [1], data: packBytes([new Uint8Array(64)]) } })).toThrow(TaskInputError);
    await expect(taskOf('vad').run({ pcm: new Int16Array(10), sampleRate: 3 }, context())).rejects.toThrow(TaskInputError);
  });
});

describe('the health-risk form job', () => {
  const row = recipe.rows[0]!;
  const values = healthValuesOf(row.features);

  it("gives the recipe's own probability for a held-out patient, through the codec too", async () => {
    const task = taskOf('health-risk-form');
    const result = await task.run(task.wire.decodeInput(task.wire.encodeInput(values)), context());
    expect(result.probability).toBeCloseTo(row.sklearnProbability, 4);
    expect(task.wire.decodeResult(task.wire.encodeResult(result))).toEqual(result);
  });

  it('refuses an impossible value, and drops fields the form does not have', async () => {
    const task = taskOf('health-risk-form');
    await expect(task.run({ ...values, bmi: 400 }, context())).rejects.toThrow(TaskInputError);
    const extra = task.wire.decodeInput({ values: { type: 'string', dims: [1], data: [JSON.stringify({ ...values, evil: 1 })] } });
    expect(Object.keys(extra).sort()).toEqual([...HEALTH_FIELD_NAMES].sort());
  });
});

it('every task names its models and a v2 signature with one BYTES input', () => {
  for (const task of Object.values(TASKS)) {
    expect(task.models.length).toBeGreaterThan(0);
    expect(task.wire.inputs).toHaveLength(1);
    expect(task.wire.inputs[0]!.datatype).toBe('BYTES');
  }
});
