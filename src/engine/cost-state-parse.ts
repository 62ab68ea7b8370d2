/**
 * The cost model's state as read back from storage (cost-store.ts): an untrusted object is
 * only used once every number is within the bounds the estimator itself keeps.
 */
import { BACKENDS, FORGET, MAX_BYTES_PER_MS, MAX_MS, MAX_WORK, MIN_BYTES_PER_MS, TASKS, emptyCostState, localKey, type CostState, type RateEstimate, type Smoothed } from './cost-model.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const inRange = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && v >= lo && v <= hi;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
/** 1 + FORGET + FORGET² + … bounds the weight; the small slack absorbs rounding. */
const [MAX_WEIGHT, SLACK] = [1 / (1 - FORGET) + 1e-9, 1 + 1e-9];

function parseRate(v: unknown): RateEstimate | undefined {
  if (!isObject(v) || !inRange(v.weight, 0, MAX_WEIGHT) || !isCount(v.samples)) return undefined;
  const w = v.weight * SLACK;
  // The bounds every state built by observeRate keeps: they also keep every product finite.
  if (!inRange(v.sumWork, 0, w * MAX_WORK) || !inRange(v.sumMs, 0, w * MAX_MS)) return undefined;
  if (!inRange(v.sumWork2, 0, w * MAX_WORK ** 2) || !inRange(v.sumWorkMs, 0, w * MAX_WORK * MAX_MS)) return undefined;
  if (v.surprise !== -1 && v.surprise !== 0 && v.surprise !== 1) return undefined;
  return { weight: v.weight, sumWork: v.sumWork, sumMs: v.sumMs, sumWork2: v.sumWork2, sumWorkMs: v.sumWorkMs, samples: v.samples, surprise: v.surprise };
}

function parseSmoothed(v: unknown, lo: number, hi: number): Smoothed | undefined | null {
  if (v === undefined) return undefined;
  return isObject(v) && inRange(v.value, lo, hi) && isCount(v.samples) && v.samples > 0 ? { value: v.value, samples: v.samples } : null;
}

/**
 * Validates an untrusted object read from storage; returns undefined when it is not a CostState
 * of this version. Returns a fresh plain copy; entries under keys this version does not know
 * are dropped (a key is never copied from the input, so `__proto__` cannot reach a prototype).
 */
export function parseCostState(value: unknown): CostState | undefined {
  if (!isObject(value) || value.version !== 1 || !isObject(value.local) || !isObject(value.datacenter)) return undefined;
  const { rttMs, uploadBytesPerMs, server } = value.datacenter;
  if (!isObject(server)) return undefined;
  const state = emptyCostState();
  for (const task of TASKS) {
    for (const backend of BACKENDS) {
      const key = localKey(task, backend);
      if (!Object.hasOwn(value.local, key)) continue;
      const rate = parseRate(value.local[key]);
      if (!rate) return undefined;
      state.local[key] = rate;
    }
    if (!Object.hasOwn(server, task)) continue;
    const rate = parseRate(server[task]);
    if (!rate) return undefined;
    state.datacenter.server[task] = rate;
  }
  const rtt = parseSmoothed(rttMs, Number.MIN_VALUE, MAX_MS);
  const upload = parseSmoothed(uploadBytesPerMs, MIN_BYTES_PER_MS, MAX_BYTES_PER_MS);
  if (rtt === null || upload === null) return undefined;
  if (rtt) state.datacenter.rttMs = rtt;
  if (upload) state.datacenter.uploadBytesPerMs = upload;
  return state;
}
