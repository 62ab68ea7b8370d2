/**
 * A page that runs models readies this device for them once it has drawn (issue 13 item 3):
 * ORT's runtime takes 0.2-0.8 s to start in a new worker and a session 0.1-0.7 s to create
 * (docs/BENCHMARKS.md, "Cached start"), so both start ahead of the first run, for the page's
 * models already cached, and a visitor who reads before pressing Run does not wait for them.
 * Demo pages and the Device page's self-test call it from an effect. `?startup=lazy` keeps the
 * old behaviour for A/B benchmarks.
 */
import { findModel, modelRef } from '../../catalog/index.ts';
import { engine, options } from './runtime.ts';

/** Prepares `modelIds` when the browser is next idle; the returned function cancels that (the page was left). */
export function prepareWhenIdle(modelIds: readonly string[]): () => void {
  if (options.startup === 'lazy') return () => undefined;
  const models = modelIds.flatMap((id) => {
    const model = findModel(id);
    return model ? [modelRef(model)] : [];
  });
  // A page left before the browser was idle (the kiosk's attract loop moves on every few
  // seconds) prepares nothing: its sessions would compete with the next page's.
  let left = false;
  const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
  idle(() => {
    if (!left) void engine.prepare(models).catch(() => undefined);
  });
  return () => {
    left = true;
    engine.left(models);
  };
}
