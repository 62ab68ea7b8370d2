/** `window.bare(request)`: one fresh worker per configuration, terminated afterwards. */
import type { BareRequest, BareResult } from './protocol.ts';

function bare(request: BareRequest): Promise<BareResult> {
  const worker = new Worker(new URL('./bare.worker.ts', import.meta.url), { type: 'module', name: 'bare-ort' });
  return new Promise<BareResult>((resolve) => {
    worker.onmessage = (event: MessageEvent<BareResult>) => resolve(event.data);
    worker.onerror = (event) => resolve({ ok: false, message: event.message || 'the bare worker failed' });
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

Object.assign(globalThis, { bare });
document.body.dataset['ready'] = 'true';
