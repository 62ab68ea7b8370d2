/**
 * Which repository models run in the server's own thread (session-inline.ts), and which of
 * their requests. A model qualifies when the repository's catalog (`catalog.json` beside
 * the model folders) says one run costs at most `INLINE_MAX_MS`: `hints.cpuMsPerRun`, which
 * scripts/measure-work.mjs measures on the model's reference input. That figure is already
 * the repository owner's measured claim (the offload policy trusts it too), and the server
 * cannot measure it safely itself: a model's run time may depend on values, not only on
 * sizes (`slow-loop` in the test repository runs a loop its input counts), so a quick run
 * at load proves nothing. Uploaded models never get here: they have no catalog entry and
 * live in the process pool.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCatalog } from '../catalog/catalog.ts';
import type { NamedTensors } from '../shared/tensor.ts';

/**
 * The most input elements (or BYTES bytes) a run in the server's thread may have, all of
 * its batch together: 16 KiB of float32. It bounds what one request can make the event loop
 * do; a larger request of an inline model goes to a worker thread as any other (health-risk
 * at 409 rows: see SERVER.md "Tiny models in the server's thread" for its measured cost).
 */
export const INLINE_MAX_ELEMENTS = 4096;

/** The size that INLINE_MAX_ELEMENTS bounds: elements of numeric inputs, bytes of BYTES ones. */
export function requestElements(inputs: NamedTensors): number {
  let n = 0;
  for (const t of Object.values(inputs)) n += t.type === 'bytes' ? t.data.bytes.byteLength : t.data.length;
  return n;
}

/**
 * Names of the repository's models whose catalog run cost is at most `maxMs` (0: none).
 * No catalog, or one that does not validate, means no inline model: `warn` says why.
 */
export async function inlineModelNames(repository: string, maxMs: number, warn: (message: string) => void): Promise<Set<string>> {
  if (maxMs <= 0) return new Set();
  let text: string;
  try {
    text = await readFile(join(repository, 'catalog.json'), 'utf8');
  } catch {
    return new Set();
  }
  try {
    const catalog = parseCatalog(JSON.parse(text));
    return new Set(catalog.models.filter((m) => m.hints.cpuMsPerRun <= maxMs).map((m) => m.id));
  } catch (error) {
    warn(`model repository: catalog.json not used for inline models: ${error instanceof Error ? error.message : String(error)}`);
    return new Set();
  }
}
