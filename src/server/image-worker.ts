/**
 * The picture-decoding worker: a pipeline's photo is decoded and scaled here, with the
 * Node task environment's own decoder, because jpeg-js takes seconds on a 12-megapixel
 * photo and the event loop must keep answering meanwhile. One picture at a time.
 */
import { parentPort } from 'node:worker_threads';
import type { FromImageWorker, ToImageWorker } from './image-decoder.ts';
import { nodeTaskEnv } from './node-task-env.ts';

const port = parentPort!;
// Only decodeImage is used: it reads no file, so the repository path does not matter.
const env = nodeTaskEnv('.');

port.on('message', (job: ToImageWorker) => {
  env.decodeImage(job.bytes, job.maxSide).then(
    (picture) => port.postMessage({ id: job.id, picture } satisfies FromImageWorker, [picture.image.data.buffer as ArrayBuffer]),
    (error: unknown) => {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id: job.id, error: { name, message } } satisfies FromImageWorker);
    },
  );
});
