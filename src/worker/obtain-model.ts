/**
 * Gets a model's bytes: from the IndexedDB cache when a verified copy is there, otherwise
 * from the network, verified by sha256 before anything is cached. Makes room by evicting
 * least-recently-used models; when even that is not enough, the model runs from memory.
 */
import { labIdOf } from '../lab/lab-ref.ts';
import { EngineError } from '../shared/errors.ts';
import { planEviction } from '../shared/eviction.ts';
import type { CacheEntry, LoadProgress, ModelRef, ModelSource } from '../shared/protocol.ts';
import { sha256Hex } from '../shared/sha256.ts';
import { readExternalFile, readModelFile, getModel as getLabModel } from '../lab/lab-store.ts';
import { download } from './download.ts';
import * as store from './model-store.ts';

export interface Obtained {
  bytes: Uint8Array;
  /** External data files (Lab models), by the path the model names them. */
  externalData?: { path: string; data: Uint8Array }[];
  source: ModelSource;
  fetchMs: number;
  verifyMs: number;
}

type Report = (progress: LoadProgress) => void;

/** IndexedDB stores a little more than the payload; leave room for it. */
const overhead = (bytes: number) => Math.ceil(bytes * 0.05) + 64 * 1024;

let cacheBudget = Infinity;

/** The app's cap on cached bytes (`?storage=`); the browser's quota applies as well. */
export function setCacheBudget(bytes: number | undefined): void {
  cacheBudget = bytes && bytes > 0 ? bytes : Infinity;
}

export const currentCacheBudget = (): number | undefined => (Number.isFinite(cacheBudget) ? cacheBudget : undefined);

const isQuotaError = (error: unknown) => error instanceof DOMException && error.name === 'QuotaExceededError';

async function fromCache(model: ModelRef & { sha256: string }, report: Report): Promise<Obtained | 'corrupt' | undefined> {
  const entry = await store.getEntry(model.id);
  if (!entry) return undefined;
  if (entry.sha256 !== model.sha256) {
    // The catalog moved on to new weights: the old copy is simply out of date.
    await store.deleteModel(model.id);
    return undefined;
  }
  const t0 = performance.now();
  report({ modelId: model.id, phase: 'verify', loaded: 0, total: 1 });
  const file = await store.readFile(model.id);
  const bytes = file ? new Uint8Array(await file.arrayBuffer()) : undefined;
  const t1 = performance.now();
  if (!bytes || (await sha256Hex(bytes)) !== model.sha256) {
    await store.deleteModel(model.id);
    return 'corrupt';
  }
  await store.touch(model.id, Date.now());
  report({ modelId: model.id, phase: 'verify', loaded: 1, total: 1 });
  return { bytes, source: { from: 'cache' }, fetchMs: t1 - t0, verifyMs: performance.now() - t1 };
}

/** Room left for models: the browser's estimate, and the app's budget when one is set. */
async function freeBytes(entries: readonly CacheEntry[]): Promise<number> {
  const { usage = 0, quota = Infinity } = await navigator.storage.estimate();
  const cached = entries.reduce((sum, e) => sum + e.bytes, 0);
  return Math.min(quota - usage, cacheBudget - cached);
}

/**
 * Caches verified bytes, evicting least-recently-used models that are not in use. The
 * estimate plans the evictions; if the browser still refuses the write (estimates can be
 * coarse), one more model is evicted per attempt, atomically with the write.
 */
async function cache(model: ModelRef & { sha256: string }, bytes: Uint8Array, inUse: ReadonlySet<string>): Promise<Pick<ModelSource, 'notice' | 'evicted'>> {
  const entries = await store.listEntries();
  const plan = planEviction(entries, bytes.length + overhead(bytes.length), await freeBytes(entries), inUse);
  if (!plan.fits) return { notice: 'not-cached-quota' };
  const evictable = entries.filter((e) => !inUse.has(e.id)).map((e) => e.id);
  const order = [...plan.evict, ...evictable.filter((id) => !plan.evict.includes(id))];
  const now = Date.now();
  const entry = { id: model.id, sha256: model.sha256, bytes: bytes.length, storedAt: now, lastUsed: now };
  const file = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  for (let count = plan.evict.length; count <= order.length; count++) {
    const evict = order.slice(0, count);
    try {
      await store.putModel(entry, file, evict);
      return evict.length ? { evicted: evict } : {};
    } catch (error) {
      if (!isQuotaError(error)) throw error;
    }
  }
  return { notice: 'not-cached-quota' };
}

/** A model the visitor added to the Lab: already on this device, with its external data files. */
async function fromLab(id: string, report: Report, modelId: string): Promise<Obtained> {
  const t0 = performance.now();
  report({ modelId, phase: 'verify', loaded: 0, total: 1 });
  const [record, file] = await Promise.all([getLabModel(id), readModelFile(id)]);
  if (!record || !file) throw new EngineError('ModelLoadError', `Lab model '${id}' is not stored on this device any more`);
  const externalData = [];
  for (const { path } of record.externalFiles) {
    const blob = await readExternalFile(id, path);
    if (blob) externalData.push({ path, data: new Uint8Array(await blob.arrayBuffer()) });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  report({ modelId, phase: 'verify', loaded: 1, total: 1 });
  return { bytes, ...(externalData.length ? { externalData } : {}), source: { from: 'cache' }, fetchMs: performance.now() - t0, verifyMs: 0 };
}

/** `cacheOnly`: the verified cached copy or an error, never a download (a page preparing ahead of a run). */
export async function obtainModel(model: ModelRef, inUse: ReadonlySet<string>, report: Report, { cacheOnly = false } = {}): Promise<Obtained> {
  const labId = labIdOf(model);
  if (labId !== undefined) return fromLab(labId, report, model.id);
  const verified = model.sha256 ? { ...model, sha256: model.sha256 } : undefined;
  const cached = verified ? await fromCache(verified, report) : undefined;
  if (cached && cached !== 'corrupt') return cached;
  if (cacheOnly) throw new EngineError('ModelLoadError', `${model.id} is not in this device's model store (or its copy failed its check)`);

  const t0 = performance.now();
  // Only the verified IndexedDB copy is a cache: the HTTP cache would keep a second one.
  const bytes = await download(model.url, model.bytes, (loaded, total) => report({ modelId: model.id, phase: 'download', loaded, total }), {
    cache: verified ? 'no-store' : 'default',
  });
  const t1 = performance.now();
  report({ modelId: model.id, phase: 'verify', loaded: 0, total: 1 });
  const corrupt = cached === 'corrupt' ? { notice: 'cache-corrupt' as const } : {};
  if (!verified) return { bytes, source: { from: 'network', ...corrupt }, fetchMs: t1 - t0, verifyMs: 0 };
  const actual = await sha256Hex(bytes);
  if (actual !== verified.sha256) {
    throw new EngineError('IntegrityError', `downloaded ${model.id} has sha256 ${actual}, expected ${verified.sha256}; nothing was cached`);
  }
  const verifyMs = performance.now() - t1;
  report({ modelId: model.id, phase: 'verify', loaded: 1, total: 1 });
  const cacheOutcome = await cache(verified, bytes, inUse);
  return { bytes, source: { from: 'network', ...corrupt, ...cacheOutcome }, fetchMs: t1 - t0, verifyMs };
}
