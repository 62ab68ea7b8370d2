/**
 * The cost model: predicts how long a job takes on this device and in the datacenter from the
 * job's size and what each place was measured to do, and under `auto` picks the faster. Pure,
 * unit-tested in Node; `cost-store.ts` keeps the state in IndexedDB, read back through
 * `cost-state-parse.ts`. Formulas, priors and limits: docs/COST-MODEL.md.
 */

/** Task ids of jobs. */
export type JobTask = 'ocr' | 'vad' | 'health-risk' | 'document' | 'demand-forecast' | 'wake-word';
/** How big a job is: `work` in the task's own unit (ocr: megapixels of the analysed picture; document: megapixels summed over pages; vad and wake-word: seconds of audio; health-risk: 1 per form; demand-forecast: 1 per day forecast), and the bytes a datacenter run would upload. */
export interface JobSize { task: JobTask; work: number; uploadBytes: number }
export type LocalBackend = 'webgpu' | 'wasm';

/** time ≈ fixedMs + msPerWork · work. */
export interface LinearCost { fixedMs: number; msPerWork: number }

/**
 * A linear fit time ≈ fixedMs + msPerWork · work, learnt online: weighted least-squares sums
 * in which every observation enters with weight 1 and is multiplied by `FORGET` at each later
 * one (the sums stay bounded, the fit follows a device that changes). `fitLine` reads it.
 */
export interface RateEstimate {
  /** Σ weight, Σ weight·work, Σ weight·ms, Σ weight·work², Σ weight·work·ms. */
  weight: number; sumWork: number; sumMs: number; sumWork2: number; sumWorkMs: number;
  /** Observations accepted so far (a count, not forgotten). */
  samples: number;
  /** Direction of the last observation if it was clipped as an outlier (+1 slower, −1 faster). */
  surprise: -1 | 0 | 1;
}

export interface Smoothed { value: number; samples: number }

export interface CostState {
  version: 1;
  /** key `${task}|${backend}` */
  local: Record<string, RateEstimate>;
  datacenter: {
    /** Round-trip time of a tiny request (ms), smoothed. */
    rttMs?: Smoothed;
    /** Upload throughput, bytes per ms, smoothed. */
    uploadBytesPerMs?: Smoothed;
    /** Server compute per task (from the server's Server-Timing), a RateEstimate per task. */
    server: Record<string, RateEstimate>;
  };
}

export interface Prediction { ms: number; /** false while the figure rests on priors only */ measured: boolean }

export interface Decision {
  place: LocalBackend | 'datacenter';
  local: Prediction;
  /** Absent when the datacenter was not an option. */
  datacenter?: Prediction;
}

/**
 * Priors, not measurements: a reference CPU (one core of a 2-core laptop, WASM). The fixed
 * parts are guesses for session call and pre/post-processing overhead.
 */
export const LOCAL_PRIOR: Readonly<Record<JobTask, LinearCost>> = {
  ocr: { fixedMs: 50, msPerWork: 1200 },
  document: { fixedMs: 50, msPerWork: 1200 },
  vad: { fixedMs: 10, msPerWork: 60 },
  // Per second: 12.5 steps of mel + embedding + a classifier per word, and 31 Silero calls.
  'wake-word': { fixedMs: 10, msPerWork: 400 },
  'health-risk': { fixedMs: 0, msPerWork: 5 },
  'demand-forecast': { fixedMs: 0, msPerWork: 5 },
};
/** Prior server compute: the reference CPU's prior, 4× faster. */
export const SERVER_SPEEDUP_PRIOR = 4;
export const RTT_PRIOR_MS = 50;
/** ≈ 8 Mbit/s. */
export const UPLOAD_PRIOR_BYTES_PER_MS = 1000;

/** Weight an observation keeps per later observation: about 4 runs of memory. */
export const FORGET = 0.75;
/** Observations before the outlier guard starts: earlier ones are all the evidence there is. */
export const ROBUST_AFTER = 5;
/** An observation beyond ×/÷ CLIP of the prediction is clipped to that bound... */
export const CLIP = 1.5;
/** ...unless the one before was clipped the same way: then the device changed, and history keeps only this share. */
export const SHIFT_KEEP = 0.25;
/** Sizes must spread by about this fraction of their mean before their own slope outweighs the prior's. */
export const SLOPE_SHRINK = 0.25;
/** rtt and upload samples beyond ×/÷ this of the smoothed value are clipped once it has ROBUST_AFTER samples. */
export const SCALAR_CLIP = 2;
/** The datacenter must be predicted this much faster to take a job off the device. */
export const NEAR_TIE = 0.1;
/**
 * A device with no measurement of a task only offloads a job its prior calls heavy: first
 * guesses alone must not send every visitor's first photo away (the old fixed rule,
 * `HEAVY_CPU_MS` in ladder.ts, lives on as this bound).
 */
export const PRIOR_OFFLOAD_MS = 1500;
/** Below this upload the remainder of a round trip is noise, not throughput. */
export const MIN_UPLOAD_BYTES = 32 * 1024;
/** Sane throughput: 80 kbit/s to 10 Gbit/s. */
export const MIN_BYTES_PER_MS = 10;
export const MAX_BYTES_PER_MS = 1.25e6;
/** Inputs outside these bounds are not observations (and keep every sum finite). */
export const MAX_WORK = 1e6;
export const MAX_MS = 24 * 3600 * 1000;
export const MAX_UPLOAD_BYTES = 2 ** 40;
const MIN_MS = 0.01;

export const TASKS: readonly JobTask[] = ['ocr', 'vad', 'health-risk', 'document', 'demand-forecast', 'wake-word'];
export const BACKENDS: readonly LocalBackend[] = ['webgpu', 'wasm'];
const EMPTY: RateEstimate = { weight: 0, sumWork: 0, sumMs: 0, sumWork2: 0, sumWorkMs: 0, samples: 0, surprise: 0 };

export function emptyCostState(): CostState {
  return { version: 1, local: {}, datacenter: { server: {} } };
}

export function localKey(task: JobTask, backend: LocalBackend): string {
  return `${task}|${backend}`;
}

/** The server's prior for a task. */
export function serverPrior(task: JobTask): LinearCost {
  const prior = LOCAL_PRIOR[task];
  return { fixedMs: prior.fixedMs / SERVER_SPEEDUP_PRIOR, msPerWork: prior.msPerWork / SERVER_SPEEDUP_PRIOR };
}

/**
 * The line an estimate stands for. Least squares through the weighted means, with the slope
 * pulled (ridge) towards the prior's line scaled to pass through the measured mean: jobs of
 * one size keep the prior's split between fixed and proportional cost at this device's level,
 * varied sizes teach their own slope. Both parts are kept ≥ 0.
 */
export function fitLine(estimate: RateEstimate | undefined, prior: LinearCost): LinearCost {
  if (!estimate || estimate.samples === 0 || !(estimate.weight > 0)) return prior;
  const w = estimate.weight;
  const meanWork = estimate.sumWork / w;
  const meanMs = estimate.sumMs / w;
  // max(0, …): E[x²] − E[x]² can round below zero when every size is the same.
  const varWork = Math.max(0, estimate.sumWork2 / w - meanWork * meanWork);
  const covariance = estimate.sumWorkMs / w - meanWork * meanMs;
  const priorAtMean = prior.fixedMs + prior.msPerWork * meanWork;
  const shapeSlope = priorAtMean > 0 ? (prior.msPerWork * meanMs) / priorAtMean : prior.msPerWork;
  // The prior's slope weighs like one pseudo-observation whose size spreads by SLOPE_SHRINK of the mean.
  const ridge = (SLOPE_SHRINK * meanWork) ** 2 / w;
  let slope = varWork + ridge > 0 ? (covariance + ridge * shapeSlope) / (varWork + ridge) : shapeSlope;
  let fixed = meanMs - slope * meanWork;
  if (slope < 0) [slope, fixed] = [0, meanMs];
  else if (fixed < 0) [slope, fixed] = [meanMs / meanWork, 0]; // fixed < 0 implies meanWork > 0
  return { fixedMs: fixed, msPerWork: slope };
}

function clampMs(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.min(Math.max(ms, 0), Number.MAX_VALUE);
}

function saneWork(work: number): number {
  return Number.isFinite(work) && work > 0 ? Math.min(work, MAX_WORK) : 0;
}

function lineAt(line: LinearCost, work: number): number {
  return clampMs(line.fixedMs + line.msPerWork * work);
}

export function predictLocal(state: CostState, size: JobSize, backend: LocalBackend): Prediction {
  // WebGPU's prior is the reference CPU's too: nothing is known about a GPU before it runs.
  const estimate = state.local[localKey(size.task, backend)];
  return { ms: lineAt(fitLine(estimate, LOCAL_PRIOR[size.task]), saneWork(size.work)), measured: (estimate?.samples ?? 0) > 0 };
}

/** rtt + uploadBytes / uploadBytesPerMs + server compute. Measured once a datacenter run of this task was observed. */
export function predictDatacenter(state: CostState, size: JobSize): Prediction {
  const { rttMs, uploadBytesPerMs, server } = state.datacenter;
  const estimate = server[size.task];
  const bytes = Number.isFinite(size.uploadBytes) && size.uploadBytes > 0 ? Math.min(size.uploadBytes, MAX_UPLOAD_BYTES) : 0;
  const upload = bytes / (uploadBytesPerMs?.value ?? UPLOAD_PRIOR_BYTES_PER_MS);
  const compute = lineAt(fitLine(estimate, serverPrior(size.task)), saneWork(size.work));
  return { ms: clampMs((rttMs?.value ?? RTT_PRIOR_MS) + upload + compute), measured: (estimate?.samples ?? 0) > 0 };
}

const validMs = (ms: number): boolean => Number.isFinite(ms) && ms > 0 && ms <= MAX_MS;
const validSize = (size: JobSize): boolean =>
  TASKS.includes(size.task) &&
  Number.isFinite(size.work) && size.work >= 0 && size.work <= MAX_WORK &&
  Number.isFinite(size.uploadBytes) && size.uploadBytes >= 0 && size.uploadBytes <= MAX_UPLOAD_BYTES;

/** Adds one observation (valid by now) with forgetting and the outlier guard. */
function observeRate(estimate: RateEstimate | undefined, prior: LinearCost, work: number, ms: number): RateEstimate {
  const e = estimate ?? EMPTY;
  let keep = FORGET;
  let observed = ms;
  let surprise: RateEstimate['surprise'] = 0;
  if (e.samples >= ROBUST_AFTER) {
    const expected = lineAt(fitLine(e, prior), work);
    const ratio = expected > 0 ? ms / expected : 1;
    const direction = ratio > CLIP ? 1 : ratio < 1 / CLIP ? -1 : 0;
    if (direction !== 0 && direction === e.surprise) keep *= SHIFT_KEEP;
    else if (direction !== 0) {
      observed = Math.min(direction > 0 ? expected * CLIP : expected / CLIP, MAX_MS);
      surprise = direction;
    }
  }
  return {
    weight: e.weight * keep + 1,
    sumWork: e.sumWork * keep + work,
    sumMs: e.sumMs * keep + observed,
    sumWork2: e.sumWork2 * keep + work * work,
    sumWorkMs: e.sumWorkMs * keep + work * observed,
    samples: e.samples + 1,
    surprise,
  };
}

/** The first sample replaces the prior, the next ones average until the window is 1/(1−FORGET) samples. */
function smooth(previous: Smoothed | undefined, sample: number): Smoothed {
  if (!previous) return { value: sample, samples: 1 };
  const x = previous.samples >= ROBUST_AFTER ? Math.min(Math.max(sample, previous.value / SCALAR_CLIP), previous.value * SCALAR_CLIP) : sample;
  const alpha = Math.max(1 / (previous.samples + 1), 1 - FORGET);
  return { value: previous.value + alpha * (x - previous.value), samples: previous.samples + 1 };
}

/** Immutable updates: return a new state. Invalid observations (≤ 0 ms, NaN, out of bounds) return `state` itself. */
export function observeLocal(state: CostState, size: JobSize, backend: LocalBackend, actualMs: number): CostState {
  if (!validSize(size) || !BACKENDS.includes(backend) || !validMs(actualMs)) return state;
  const key = localKey(size.task, backend);
  return { ...state, local: { ...state.local, [key]: observeRate(state.local[key], LOCAL_PRIOR[size.task], size.work, actualMs) } };
}

/**
 * totalMs: whole round trip seen by the browser; serverMs: from Server-Timing when the server
 * sent it. With it, the part not explained by server time and rtt is upload. Without it
 * (Triton), what rtt leaves is split between upload and server in the ratio of their current
 * predictions, so both learn and the same job is then predicted at its observed total.
 * Throughput is learnt only from uploads ≥ MIN_UPLOAD_BYTES, bounded to sane values.
 */
export function observeDatacenter(state: CostState, size: JobSize, timing: { totalMs: number; serverMs?: number }): CostState {
  const { totalMs, serverMs } = timing;
  if (!validSize(size) || !validMs(totalMs)) return state;
  const { rttMs, uploadBytesPerMs, server } = state.datacenter;
  const prior = serverPrior(size.task);
  const rtt = rttMs?.value ?? RTT_PRIOR_MS;
  let computeMs: number;
  let uploadMs: number;
  if (serverMs !== undefined && Number.isFinite(serverMs) && serverMs >= 0 && serverMs <= totalMs) {
    computeMs = serverMs;
    uploadMs = totalMs - rtt - serverMs;
  } else {
    const predictedCompute = lineAt(fitLine(server[size.task], prior), size.work);
    const predictedUpload = size.uploadBytes / (uploadBytesPerMs?.value ?? UPLOAD_PRIOR_BYTES_PER_MS);
    const rest = Math.max(totalMs - rtt, MIN_MS);
    const share = predictedCompute + predictedUpload > 0 ? rest / (predictedCompute + predictedUpload) : 0;
    computeMs = share > 0 ? predictedCompute * share : rest;
    uploadMs = predictedUpload * share;
  }
  // A Server-Timing of 0 is a duration under the server's clock resolution, not a failed measurement.
  const next = { ...state.datacenter, server: { ...server, [size.task]: observeRate(server[size.task], prior, size.work, Math.min(Math.max(computeMs, MIN_MS), MAX_MS)) } };
  if (size.uploadBytes >= MIN_UPLOAD_BYTES) {
    const throughput = Math.min(Math.max(size.uploadBytes / Math.max(uploadMs, MIN_MS), MIN_BYTES_PER_MS), MAX_BYTES_PER_MS);
    next.uploadBytesPerMs = smooth(uploadBytesPerMs, throughput);
  }
  return { ...state, datacenter: next };
}

/**
 * A deliberate upload measurement (a probe before a large job, its round trip taken out):
 * the network as it is now replaces what was learnt, since a visitor who moved from office
 * Wi-Fi to a crowded booth is not a smooth trend.
 */
export function observeUploadProbe(state: CostState, bytes: number, uploadMs: number): CostState {
  if (!(bytes >= MIN_UPLOAD_BYTES) || !Number.isFinite(bytes) || !validMs(uploadMs)) return state;
  const value = Math.min(Math.max(bytes / Math.max(uploadMs, MIN_MS), MIN_BYTES_PER_MS), MAX_BYTES_PER_MS);
  return { ...state, datacenter: { ...state.datacenter, uploadBytesPerMs: { value, samples: (state.datacenter.uploadBytesPerMs?.samples ?? 0) + 1 } } };
}

export function observeRoundTrip(state: CostState, rttMs: number): CostState {
  if (!validMs(rttMs)) return state;
  return { ...state, datacenter: { ...state.datacenter, rttMs: smooth(state.datacenter.rttMs, rttMs) } };
}

/**
 * `datacenterUsable` false (no endpoint, down, no consent) → always local. Otherwise the
 * faster; ties and near-ties (within 10 %) stay on the device (privacy, no upload), and so
 * does a job predicted light by priors alone (`PRIOR_OFFLOAD_MS`).
 */
export function decide(state: CostState, size: JobSize, localBackend: LocalBackend, datacenterUsable: boolean): Decision {
  const local = predictLocal(state, size, localBackend);
  if (!datacenterUsable) return { place: localBackend, local };
  const datacenter = predictDatacenter(state, size);
  const heavyEnough = local.measured || local.ms > PRIOR_OFFLOAD_MS;
  return { place: heavyEnough && datacenter.ms < local.ms * (1 - NEAR_TIE) ? 'datacenter' : localBackend, local, datacenter };
}

/** Signed relative error of a prediction, for the benchmarks: (predicted - actual) / actual. NaN when `actual` is not a positive time. */
export function predictionError(predictedMs: number, actualMs: number): number {
  if (!Number.isFinite(predictedMs) || !Number.isFinite(actualMs) || actualMs <= 0) return Number.NaN;
  return (predictedMs - actualMs) / actualMs;
}
