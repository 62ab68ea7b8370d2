/**
 * Pipeline models (jobs) against the real server on the real `models/` repository: each
 * task answers as a v2 model of its own name with what the same task gives under
 * onnxruntime-node in-process, bad jobs are Triton-worded 400s, and a client that hangs up
 * or a pipeline deadline stops the model calls. No test depends on the machine's speed:
 * the long job is ten minutes of audio (tens of thousands of model calls), far more than
 * any machine runs between two polls of the metrics.
 */
import { readFileSync, rmSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nodeRunner } from '../../scripts/lib/node-runner.ts';
import recipe from '../../models/health-risk/recipe-output.json' with { type: 'json' };
import { encodeInferRequest } from '../shared/kserve-v2.ts';
import { packBytes, type NamedTensors } from '../shared/tensor.ts';
import { decodePng } from '../tasks/ocr/png.ts';
import { taskOf } from '../tasks/registry.ts';
import { healthValuesOf } from '../tasks/tabular/health-fields.ts';
import type { TaskContext } from '../tasks/task.ts';
import { decodeWav, toPcm16 } from '../tasks/vad/wav.ts';
import { nodeTaskEnv } from './node-task-env.ts';
import { MODELS, metricOf, readInferResponse, repositoryWith, startTestServer, type TestServer } from './test-server.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const runner = nodeRunner(MODELS);
const local: TaskContext = { run: runner.run, env: nodeTaskEnv(MODELS) };
const plate = new Uint8Array(readFileSync('public/samples/ocr/automotive-plate.png'));
const clip = decodeWav(readFileSync('public/samples/vad/ko-senior-checkin.wav'));
const values = healthValuesOf(recipe.rows[0]!.features);
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const texts = (result: { lines: { text: string }[] }) => result.lines.map((l) => l.text);
/** Ten minutes of silence: one Silero call per 32 ms, 18,750 in all. */
const longClip = () => taskOf('vad').wire.encodeInput({ pcm: new Int16Array(16000 * 600), sampleRate: 16000 });

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MODEL_REPOSITORY: MODELS });
});
afterAll(async () => {
  await server.close();
  await runner.release();
});

describe('pipeline models in the repository', () => {
  it('ocr has v2 metadata from its wire codec, platform "ensemble", and is ready', async () => {
    expect(await (await fetch(`${server.url}/v2/models/ocr`)).json()).toEqual({
      name: 'ocr',
      versions: ['1'],
      platform: 'ensemble',
      inputs: [{ name: 'image', datatype: 'BYTES', shape: [1] }],
      outputs: [
        { name: 'lines', datatype: 'BYTES', shape: [-1] },
        { name: 'boxes', datatype: 'FP32', shape: [-1, 4, 2] },
        { name: 'info', datatype: 'BYTES', shape: [1] },
      ],
    });
    for (const name of ['ocr', 'vad', 'health-risk-form']) {
      expect((await fetch(`${server.url}/v2/models/${name}/versions/1/ready`)).status).toBe(200);
    }
    expect((await fetch(`${server.url}/v2/models/ocr/versions/2`)).status).toBe(404);
    expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(200);
    const index = (await (await fetch(`${server.url}/v2/repository/index`, { method: 'POST' })).json()) as { name: string; state: string }[];
    expect(index.filter((m) => ['ocr', 'vad', 'health-risk-form'].includes(m.name)).map((m) => m.state)).toEqual(['READY', 'READY', 'READY']);
    // Loaded like any repository model, and never replaced by an upload.
    expect((await fetch(`${server.url}/v2/repository/models/ocr/load`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${server.url}/v2/repository/models/ocr/unload`, { method: 'POST' })).status).toBe(400);
  });

  it('a pipeline whose models are not all in the repository is not served', async () => {
    const repository = repositoryWith(['silero-vad']);
    const small = await startTestServer({ MODEL_REPOSITORY: repository });
    try {
      expect((await fetch(`${small.url}/v2/models/ocr`)).status).toBe(404);
      expect((await fetch(`${small.url}/v2/models/vad/ready`)).status).toBe(200);
      expect((await fetch(`${small.url}/v2/health/ready`)).status).toBe(200);
    } finally {
      await small.close();
      rmSync(repository, { recursive: true });
    }
  });
});

describe('jobs give what the task gives in-process', () => {
  it('ocr reads a PNG sent as binary BYTES: the same lines, with Server-Timing', async () => {
    const task = taskOf('ocr');
    const [response, expected] = await Promise.all([server.infer('ocr', task.wire.encodeInput({ image: plate }), { binary: true }), task.run({ image: plate }, local)]);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('server-timing')).toMatch(/^queue;dur=[\d.]+, compute;dur=[\d.]+, infer;dur=[\d.]+$/);
    const result = task.wire.decodeResult((await readInferResponse(response)).outputs);
    expect(texts(expected).length).toBeGreaterThan(0);
    expect(texts(result)).toEqual(texts(expected));
    expect(result.imageSize).toEqual(expected.imageSize);
    expect(await metricOf(server, 'nv_inference_request_success', 'ocr')).toBeGreaterThanOrEqual(1);
    // Its model calls are counted in the composing models' own metrics, as Triton does.
    expect(await metricOf(server, 'nv_inference_request_success', 'ppocr-det')).toBeGreaterThanOrEqual(1);
  });

  it('ocr reads a JPEG too, and answers JSON when no binary output is asked for', async () => {
    const png = decodePng(plate, (d) => inflateSync(d));
    const photo = new Uint8Array(jpeg.encode({ width: png.width, height: png.height, data: Buffer.from(png.data.buffer) }, 95).data);
    const task = taskOf('ocr');
    const response = await server.infer('ocr', task.wire.encodeInput({ image: photo }), { binary: true, binaryOutputs: false });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('inference-header-content-length')).toBeNull();
    expect(texts(task.wire.decodeResult((await readInferResponse(response)).outputs))).toEqual(texts(await task.run({ image: photo }, local)));
  });

  it('health-risk-form takes plain JSON (the values as one JSON string) and gives the same probability', async () => {
    const body = JSON.stringify({ id: 'form-1', inputs: [{ name: 'values', shape: [1], datatype: 'BYTES', data: [JSON.stringify(values)] }] });
    const response = await fetch(`${server.url}/v2/models/health-risk-form/infer`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { id: string; model_name: string; outputs: { name: string; data: unknown[] }[] };
    const expected = await taskOf('health-risk-form').run(values, local);
    expect(answer).toMatchObject({ id: 'form-1', model_name: 'health-risk-form', model_version: '1' });
    expect(answer.outputs.map((o) => o.name)).toEqual(['probability', 'level', 'factors']);
    expect(answer.outputs[0]!.data[0]).toBeCloseTo(expected.probability, 5);
    expect(answer.outputs[1]!.data).toEqual([expected.level]);
    // Outputs asked for by name come back alone; an unknown one is Triton's 400.
    const only = await server.infer('health-risk-form', taskOf('health-risk-form').wire.encodeInput(values), { binary: false, outputs: ['level'] });
    expect(Object.keys((await readInferResponse(only)).outputs)).toEqual(['level']);
    const unknown = await server.infer('health-risk-form', taskOf('health-risk-form').wire.encodeInput(values), { binary: false, outputs: ['risk'] });
    expect(unknown.status).toBe(400);
    expect(await errorOf(unknown)).toBe("unexpected inference output 'risk' for model 'health-risk-form'");
  });

  it('vad finds the same segments in a WAV sent with the task\'s own codec', async () => {
    const task = taskOf('vad');
    const input = { pcm: toPcm16(clip.samples), sampleRate: clip.sampleRate };
    const response = await server.infer('vad', task.wire.encodeInput(input), { binary: true });
    expect(response.status, await response.clone().text()).toBe(200);
    const result = task.wire.decodeResult((await readInferResponse(response)).outputs);
    // Through the codec too, so both sides carry the same float32 rounding.
    const expected = task.wire.decodeResult(task.wire.encodeResult(await task.run(input, local)));
    expect(expected.segments.length).toBeGreaterThan(0);
    expect(result.segments.map((s) => [s.startMs, s.endMs])).toEqual(expected.segments.map((s) => [s.startMs, s.endMs]));
    result.segments.forEach((s, i) => expect(s.peak).toBeCloseTo(expected.segments[i]!.peak, 4));
    expect(result.durationMs).toBeCloseTo(expected.durationMs, 1);
  });
});

describe('bad jobs are 400s worded like Triton', () => {
  const expect400 = async (response: Response, message: string | RegExp) => {
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error).toMatch(message);
    // Never a server path or a stack.
    expect(error).not.toContain(MODELS);
    expect(error).not.toMatch(/\n\s+at /);
  };
  const image = (tensor: NamedTensors[string]): NamedTensors => ({ image: tensor });

  it('text bytes instead of a picture', async () => {
    const text = new TextEncoder().encode('not a picture at all, only some text here');
    await expect400(await server.infer('ocr', image({ type: 'bytes', dims: [1], data: packBytes([text]) }), { binary: true }), /not a PNG or JPEG picture/);
  });
  it('a missing input, an unexpected one, a wrong datatype, a wrong shape', async () => {
    const json = (inputs: unknown[]) => fetch(`${server.url}/v2/models/ocr/infer`, { method: 'POST', body: JSON.stringify({ inputs }), headers: { 'Content-Type': 'application/json' } });
    await expect400(await json([]), /expected 1 inputs but got 0 inputs for model 'ocr'.*missing required input\(s\) \['image'\]/);
    await expect400(await server.infer('ocr', { photo: { type: 'bytes', dims: [1], data: packBytes([plate]) } }, { binary: true }), "unexpected inference input 'photo', allowed inputs are: image");
    await expect400(await server.infer('ocr', image({ type: 'uint8', dims: [plate.length], data: plate }), { binary: true }), "inference input 'image' data-type is 'UINT8', but model 'ocr' expects 'BYTES'");
    await expect400(await server.infer('ocr', image({ type: 'bytes', dims: [2], data: packBytes([plate, plate]) }), { binary: true }), "unexpected shape for input 'image' for model 'ocr'. Expected [1], got [2]");
  });
  it('a form value out of range, and audio that is not a WAV', async () => {
    const form = taskOf('health-risk-form').wire.encodeInput({ ...values, bmi: 400 });
    await expect400(await server.infer('health-risk-form', form, { binary: false }), /bmi .* is outside the data's range/);
    await expect400(await server.infer('vad', { audio: { type: 'bytes', dims: [1], data: packBytes([new Uint8Array(64)]) } }, { binary: true }), /'audio' must be a WAV file/);
    expect(await metricOf(server, 'nv_inference_request_failure', 'ocr', '400')).toBeGreaterThanOrEqual(5);
  });
});

describe('stopping a pipeline', () => {
  it('a client that hangs up mid-pipeline stops its model calls', async () => {
    const calls = () => metricOf(server, 'nv_inference_request_success', 'silero-vad');
    const before = await calls();
    const { body, headers } = encodeInferRequest(longClip(), { binary: true });
    const controller = new AbortController();
    const gone = fetch(`${server.url}/v2/models/vad/infer`, { method: 'POST', body, headers, signal: controller.signal });
    while ((await calls()) === before) await sleep(10);
    controller.abort();
    await expect(gone).rejects.toThrow();
    while ((await metricOf(server, 'nv_inference_request_failure', 'vad', '499')) < 1) await sleep(10);
    // A call already on the worker finishes (ORT cannot stop it); none follows it.
    while ((await metricOf(server, 'ax_inference_running_request_count', 'silero-vad')) > 0) await sleep(10);
    const stopped = await calls();
    await sleep(300);
    expect(await calls()).toBe(stopped);
    expect(stopped - before).toBeLessThan(18_750);
    expect(await metricOf(server, 'ax_inference_running_request_count', 'vad')).toBe(0);
  });

  it('the pipeline deadline answers 503 "Request timeout expired"', async () => {
    const repository = repositoryWith(['silero-vad']);
    const strict = await startTestServer({ MODEL_REPOSITORY: repository, PIPELINE_TIMEOUT_MS: '200' });
    try {
      const response = await strict.infer('vad', longClip(), { binary: true });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: 'Request timeout expired' });
      expect(await metricOf(strict, 'nv_inference_request_failure', 'vad', '503')).toBe(1);
    } finally {
      await strict.close();
      rmSync(repository, { recursive: true });
    }
  });
});
