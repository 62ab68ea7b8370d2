/**
 * The datacenter client against real HTTP: our server (auth, unknown model, wrong shape,
 * a real answer) and a loopback server scripted to be busy, slow or silent (retry after
 * 503, timeout, cancel). Node's fetch is the browser's API, so this is the shipped code path.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeInferResponse } from '../shared/kserve-v2.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import { startTestServer, type TestServer } from '../server/test-server.ts';
import { RemoteClient, serverDuration, type RemoteConfig } from './remote.ts';

const x = (): NamedTensors => ({ x: { type: 'float32', dims: [1, 4], data: Float32Array.of(1, 2, 3, 4) } });
const client = (config: Partial<RemoteConfig> & { baseUrl: string }) => new RemoteClient(() => ({ timeoutMs: 5000, retries: 2, ...config }));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ name: 'resolved', message: '' }),
    (error: Error) => ({ name: error.name, message: error.message }),
  );

describe('serverDuration', () => {
  it('reads the infer entry of Server-Timing', () => {
    expect(serverDuration('infer;dur=12.5')).toBe(12.5);
    expect(serverDuration('queue;dur=3, infer;desc="onnxruntime";dur=7')).toBe(7);
  });
  it('is undefined when the server sends none (Triton)', () => {
    expect(serverDuration(null)).toBeUndefined();
    expect(serverDuration('db;dur=3')).toBeUndefined();
  });
});

describe('RemoteClient against our endpoint', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ API_KEYS: 'company-key' })));
  afterAll(async () => server.close());

  it('runs the self-test model: Relu(x·W+b) for x = 1,2,3,4 is 0.5, 0, 1.25 (worked by hand)', async () => {
    const result = await client({ baseUrl: server.url, apiKey: 'company-key' }).infer('selftest-mlp', x());
    expect(Array.from(result.outputs['y']!.data as Float32Array)).toEqual([0.5, 0, 1.25]);
    expect(result.outputs['y']!.dims).toEqual([1, 3]);
    expect(result.serverMs).toBeGreaterThan(0);
    expect(result.totalMs).toBeGreaterThanOrEqual(result.serverMs!);
  });

  it('maps the server refusals to errors the page can explain', async () => {
    expect(await failure(client({ baseUrl: server.url }).infer('selftest-mlp', x()))).toMatchObject({ name: 'DatacenterAuthError', message: /401/ });
    const keyed = client({ baseUrl: server.url, apiKey: 'company-key' });
    expect(await failure(keyed.infer('no-such-model', x()))).toMatchObject({ name: 'ModelLoadError', message: /404.*no-such-model/ });
    const wrong: NamedTensors = { x: { type: 'float32', dims: [1, 5], data: new Float32Array(5) } };
    expect(await failure(keyed.infer('selftest-mlp', wrong))).toMatchObject({ name: 'InvalidInputError', message: /400/ });
    expect(await keyed.live()).toBe(true);
    expect(await keyed.ready('selftest-mlp')).toBe(true);
    expect(await keyed.ready('no-such-model')).toBe(false);
  });
});

describe('RemoteClient against a busy, slow or silent endpoint', () => {
  let behave: (req: IncomingMessage, res: ServerResponse, attempt: number) => void = () => undefined;
  let attempts = 0;
  const answer = (res: ServerResponse) => {
    const { body, headers } = encodeInferResponse({ modelName: 'm', outputs: { y: { type: 'float32', dims: [1], data: Float32Array.of(42) } } });
    res.writeHead(200, headers).end(body);
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => behave(req, res, ++attempts));
  });
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const reset = (fn: typeof behave) => ((attempts = 0), (behave = fn));

  it('retries after 503 (queue full) and returns the answer that follows', async () => {
    reset((_req, res, attempt) => (attempt < 3 ? res.writeHead(503, { 'retry-after': '0' }).end('{"error":"queue full"}') : answer(res)));
    const result = await client({ baseUrl }).infer('m', x());
    expect(Array.from(result.outputs['y']!.data as Float32Array)).toEqual([42]);
    expect(attempts).toBe(3);
  });

  it('gives up after its retries with the server message', async () => {
    reset((_req, res) => res.writeHead(503, { 'retry-after': '0' }).end('{"error":"queue of model \'m\' is full"}'));
    expect(await failure(client({ baseUrl, retries: 1 }).infer('m', x()))).toMatchObject({ name: 'DatacenterError', message: /503.*is full/ });
    expect(attempts).toBe(2);
  });

  it('says so when a proxy answers with a page instead of a v2 error', async () => {
    reset((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>'));
    expect(await failure(client({ baseUrl }).infer('m', x()))).toMatchObject({ name: 'DatacenterError', message: 'datacenter answered 502: HTTP 502' });
  });

  it('stops waiting at its timeout', async () => {
    reset(() => undefined); // never answers
    expect(await failure(client({ baseUrl, timeoutMs: 300 }).infer('m', x()))).toMatchObject({ name: 'DatacenterError', message: /did not answer within 300 ms/ });
  });

  it('stops at once when the user cancels', async () => {
    reset(() => undefined);
    const controller = new AbortController();
    const pending = failure(client({ baseUrl }).infer('m', x(), controller.signal));
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toMatchObject({ name: 'AbortError' });
  });

  it('reports an endpoint nobody listens on as a network error', async () => {
    expect(await failure(client({ baseUrl: 'http://127.0.0.1:9' }).infer('m', x()))).toMatchObject({ name: 'NetworkError' });
  });
});
