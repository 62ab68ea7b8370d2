/** Creates the inference worker. Vite needs this exact `new Worker(new URL(...))` form to bundle it. */
export function spawnInferenceWorker(): Worker {
  return new Worker(new URL('../worker/inference.worker.ts', import.meta.url), { type: 'module', name: 'ax-inference' });
}
