/**
 * A real HTTP server on loopback that serves model files the ways networks fail: without a
 * Content-Length, cut off half-way (socket destroyed), or with the wrong bytes. It counts
 * requests, so a test can prove a cached model made none. CORS is open because it runs on
 * another port than the app.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'normal' | 'no-length' | 'cut' | 'wrong';

export interface FlakyServer {
  /** URL of a model file served in the given mode, e.g. url('ppocr-det', 'cut'). */
  url(model: string, mode?: Mode): string;
  requests(model: string): number;
  close(): Promise<void>;
}

const CHUNK = 256 * 1024;

export async function startFlakyServer(repository = 'models'): Promise<FlakyServer> {
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const model = url.pathname.slice(1);
    const mode = (url.searchParams.get('mode') ?? 'normal') as Mode;
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (!/^[a-z0-9-]+$/.test(model)) return void res.writeHead(404).end();
    counts.set(model, (counts.get(model) ?? 0) + 1);
    let bytes: Buffer;
    try {
      bytes = readFileSync(`${repository}/${model}/1/model.onnx`);
    } catch {
      return void res.writeHead(404).end();
    }
    if (mode === 'wrong') bytes = Buffer.from(bytes.map((b) => b ^ 0xff));
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', ...(mode === 'no-length' ? {} : { 'Content-Length': bytes.length }) });
    const end = mode === 'cut' ? Math.floor(bytes.length / 2) : bytes.length;
    // Chunks with pauses between them, so progress is reported as it would be over a network.
    let offset = 0;
    const pump = (): void => {
      if (offset >= end) {
        if (mode === 'cut') res.destroy();
        else res.end();
        return;
      }
      res.write(bytes.subarray(offset, Math.min(offset + CHUNK, end)));
      offset += CHUNK;
      setTimeout(pump, 2);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (model, mode = 'normal') => `http://127.0.0.1:${port}/${model}?mode=${mode}`,
    requests: (model) => counts.get(model) ?? 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
