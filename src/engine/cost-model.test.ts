import { describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/random.ts';
import {
  decide,
  emptyCostState,
  fitLine,
  LOCAL_PRIOR,
  localKey,
  MAX_BYTES_PER_MS,
  MIN_BYTES_PER_MS,
  observeDatacenter,
  observeLocal,
  observeRoundTrip,
  observeUploadProbe,
  predictDatacenter,
  predictionError,
  predictLocal,
  type CostState,
  type JobSize,
  type JobTask,
} from './cost-model.ts';
import { parseCostState } from './cost-state-parse.ts';

const job = (task: JobTask, work: number, uploadBytes = 0): JobSize => ({ task, work, uploadBytes });
const ocr = (work: number, uploadBytes = 0) => job('ocr', work, uploadBytes);
const runs = (state: CostState, size: JobSize, ms: readonly number[]) => ms.reduce((s, t) => observeLocal(s, size, 'wasm', t), state);
const wasmMs = (state: CostState, size: JobSize) => predictLocal(state, size, 'wasm').ms;
/** Every leaf of a state (all of them numbers). */
const leaves = (value: unknown): unknown[] => (typeof value === 'object' && value !== null ? Object.values(value).flatMap(leaves) : [value]);

describe('priors', () => {
  it('predict from the reference CPU, marked as not measured; WebGPU starts the same as WASM', () => {
    const empty = emptyCostState();
    expect(predictLocal(empty, ocr(2), 'wasm')).toEqual({ ms: 50 + 1200 * 2, measured: false });
    expect(predictLocal(empty, ocr(2), 'webgpu')).toEqual({ ms: 2450, measured: false });
    expect(wasmMs(empty, job('document', 3))).toBe(50 + 1200 * 3);
    expect(wasmMs(empty, job('vad', 30))).toBe(10 + 60 * 30);
    expect(wasmMs(empty, job('health-risk', 1))).toBe(5);
  });

  it('datacenter: rtt 50 ms + upload at 1,000 bytes/ms + a server 4× faster than the reference CPU', () => {
    // 50 + 500,000 / 1,000 + (50 + 1200 · 2) / 4
    expect(predictDatacenter(emptyCostState(), ocr(2, 500_000))).toEqual({ ms: 50 + 500 + 612.5, measured: false });
  });
});

describe('the local estimator', () => {
  it('lets the first observation dominate the prior: a device 10× slower is predicted at its own time', () => {
    const state = runs(emptyCostState(), ocr(1), [12_500]);
    const next = predictLocal(state, ocr(1), 'wasm');
    expect(next.measured).toBe(true);
    expect(Math.abs(next.ms - 12_500) / 12_500).toBeLessThan(0.2);
    expect(next.ms).toBeCloseTo(12_500, 6);
  });

  it('learns per backend: a WASM run says nothing about WebGPU', () => {
    const state = runs(emptyCostState(), ocr(1), [12_500]);
    expect(predictLocal(state, ocr(1), 'webgpu')).toEqual({ ms: 1250, measured: false });
  });

  it('with jobs of one size keeps the prior’s shape at the measured level', () => {
    // One OCR run of 1 MP at 2,500 ms = 2 × the prior (50 + 1200): the line becomes 100 + 2400 · MP.
    const state = runs(emptyCostState(), ocr(1), [2500]);
    expect(wasmMs(state, ocr(2))).toBeCloseTo(4900, 6);
    expect(wasmMs(state, ocr(0.5))).toBeCloseTo(1300, 6);
    // Health-risk (prior 0 + 5 per form) becomes proportional: forgetting weights 4 by 0.75, so
    // the mean is (0.75 · 4 + 6) / 1.75 = 36/7 per form.
    const forms = runs(emptyCostState(), job('health-risk', 1), [4, 6]);
    expect(wasmMs(forms, job('health-risk', 1))).toBeCloseTo(36 / 7, 9);
    expect(wasmMs(forms, job('health-risk', 2))).toBeCloseTo(72 / 7, 9);
  });

  it('fits fixed + rate by least squares with the slope pulled towards the prior’s (known answer)', () => {
    // Points (2, 300) and (6, 700), weight 1 each: mean work 4, mean 500 ms, variance 4,
    // covariance 400 (slope 100). Prior 0 + 5·x scaled through the mean: slope 5 · 500 / 20 = 125.
    // Ridge (0.25 · 4)² / 2 = 0.5: slope (400 + 0.5 · 125) / (4 + 0.5) = 925/9, fixed 500 − 4 · 925/9 = 800/9.
    const estimate = { weight: 2, sumWork: 8, sumMs: 1000, sumWork2: 40, sumWorkMs: 4800, samples: 2, surprise: 0 as const };
    const line = fitLine(estimate, LOCAL_PRIOR['health-risk']);
    expect(line.msPerWork).toBeCloseTo(925 / 9, 9);
    expect(line.fixedMs).toBeCloseTo(800 / 9, 9);
  });

  it('learns fixed + rate from jobs of varying size', () => {
    // The device: 400 ms + 800 ms per MP (the prior says 50 + 1200).
    const sizes = [0.5, 1, 2, 4, 0.5, 1, 2, 4, 0.5, 1, 2, 4];
    const state = sizes.reduce((s, mp) => observeLocal(s, ocr(mp), 'wasm', 400 + 800 * mp), emptyCostState());
    const line = fitLine(state.local['ocr|wasm'], LOCAL_PRIOR.ocr);
    expect(line.fixedMs).toBeGreaterThan(360);
    expect(line.fixedMs).toBeLessThan(440);
    expect(line.msPerWork).toBeGreaterThan(780);
    expect(line.msPerWork).toBeLessThan(820);
    for (const mp of [0.25, 1.5, 3, 8]) expect(Math.abs(predictionError(wasmMs(state, ocr(mp)), 400 + 800 * mp))).toBeLessThan(0.03);
  });

  it('bounds what one 10× run can move an estimate with ≥ 5 samples, and recovers', () => {
    const steady = runs(emptyCostState(), ocr(1), [1000, 1000, 1000, 1000, 1000, 1000]);
    const hit = runs(steady, ocr(1), [10_000]);
    // Clipped to 1.5 × 1000; the weight 3.29 of six runs decays to 2.47 beside the new 1:
    // (2.47 · 1000 + 1500) / 3.47 ≈ 1144, where the raw run would give ≈ 3600.
    expect(wasmMs(hit, ocr(1))).toBeGreaterThan(1000);
    expect(wasmMs(hit, ocr(1))).toBeLessThan(1200);
    expect(wasmMs(runs(hit, ocr(1), [1000, 1000]), ocr(1))).toBeLessThan(1100);
  });

  it('takes a run before 5 samples at face value: early runs are all the evidence there is', () => {
    const early = runs(emptyCostState(), ocr(1), [1000, 10_000]);
    expect(wasmMs(early, ocr(1))).toBeCloseTo((750 + 10_000) / 1.75, 6);
  });

  it('follows a device that became 2× faster within a handful of runs', () => {
    const before = runs(emptyCostState(), ocr(1), Array<number>(10).fill(1000));
    const path: number[] = [];
    let state = before;
    for (let i = 0; i < 5; i++) {
      state = runs(state, ocr(1), [500]);
      path.push(wasmMs(state, ocr(1)));
    }
    // The first fast run is clipped like an outlier; the second confirms the change and history fades.
    expect(path[0]).toBeGreaterThan(850);
    expect(path[1]).toBeLessThan(700);
    expect(path[2]! / 500).toBeLessThan(1.2);
    expect(path[4]! / 500).toBeLessThan(1.1);
  });

  it('ignores invalid observations: 0, negative, NaN, infinite or absurd times and sizes', () => {
    const state = runs(emptyCostState(), ocr(1), [1000]);
    for (const ms of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 1e12]) expect(observeLocal(state, ocr(1), 'wasm', ms)).toBe(state);
    for (const work of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) expect(observeLocal(state, ocr(work), 'wasm', 1000)).toBe(state);
    expect(observeLocal(state, ocr(1, Number.NaN), 'wasm', 1000)).toBe(state);
    expect(observeDatacenter(state, ocr(1), { totalMs: Number.NaN })).toBe(state);
    expect(observeRoundTrip(state, 0)).toBe(state);
  });

  it('does not mutate the state it is given', () => {
    const state = runs(emptyCostState(), ocr(1), [1000, 1100, 900, 1000, 1000]);
    const before = JSON.stringify(state);
    observeLocal(state, ocr(2), 'wasm', 3000);
    observeDatacenter(state, ocr(2, 100_000), { totalMs: 800, serverMs: 300 });
    observeRoundTrip(state, 30);
    expect(JSON.stringify(state)).toBe(before);
  });

  it('keeps every number finite and every prediction ≥ 0 after any sequence of observations (seeded)', () => {
    const next = seededRandom(20240611);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
    const numbers = [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e-9, 1e-300, 1e300, 1, 7, 250, 5e6, 8.64e7, 1e6];
    const tasks: readonly JobTask[] = ['ocr', 'vad', 'health-risk', 'document'];
    const anyNumber = () => (next() < 0.5 ? pick(numbers) : next() * 10 ** Math.floor(next() * 8));
    let state = emptyCostState();
    for (let i = 0; i < 3000; i++) {
      const size = job(pick(tasks), anyNumber(), anyNumber());
      const kind = next();
      if (kind < 0.5) state = observeLocal(state, size, pick(['wasm', 'webgpu'] as const), anyNumber());
      else if (kind < 0.8) state = observeDatacenter(state, size, { totalMs: anyNumber(), ...(next() < 0.5 ? { serverMs: anyNumber() } : {}) });
      else state = observeRoundTrip(state, anyNumber());
      expect(leaves(state).every(Number.isFinite)).toBe(true);
      const probe = job(pick(tasks), anyNumber(), anyNumber());
      for (const p of [predictLocal(state, probe, 'wasm'), predictLocal(state, probe, 'webgpu'), predictDatacenter(state, probe)]) {
        expect(Number.isFinite(p.ms) && p.ms >= 0).toBe(true);
      }
    }
    // The sequence did reach the estimators, not only the guards.
    expect(Object.values(state.local).reduce((n, e) => n + e.samples, 0)).toBeGreaterThan(200);
    expect(parseCostState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });
});

describe('the datacenter', () => {
  it('adds rtt + upload + server compute, each as measured', () => {
    let state = observeRoundTrip(emptyCostState(), 80);
    // 1 MP, 200,000 bytes: 800 ms in all, 320 on the server, 80 rtt → 400 ms of upload = 500 bytes/ms.
    // The server's one sample scales its prior (12.5 + 300 · MP) by 320 / 312.5: 12.8 + 307.2 · MP.
    state = observeDatacenter(state, ocr(1, 200_000), { totalMs: 800, serverMs: 320 });
    expect(state.datacenter.uploadBytesPerMs).toEqual({ value: 500, samples: 1 });
    const prediction = predictDatacenter(state, ocr(2, 1_000_000));
    expect(prediction.measured).toBe(true);
    expect(prediction.ms).toBeCloseTo(80 + 1_000_000 / 500 + 12.8 + 307.2 * 2, 6);
  });

  it('without Server-Timing splits what rtt leaves between upload and server by their predictions', () => {
    // Predicted: upload 100,000 / 1,000 = 100 ms, server 312.5 ms; observed 875 − 50 = 825 = 2 × 412.5.
    const state = observeDatacenter(emptyCostState(), ocr(1, 100_000), { totalMs: 875 });
    expect(state.datacenter.uploadBytesPerMs?.value).toBeCloseTo(500, 9);
    expect(predictDatacenter(state, ocr(1, 100_000)).ms).toBeCloseTo(875, 6);
  });

  it('learns no throughput from tiny uploads, and bounds it to sane values', () => {
    const tiny = observeDatacenter(emptyCostState(), job('health-risk', 1, 200), { totalMs: 90, serverMs: 2 });
    expect(tiny.datacenter.uploadBytesPerMs).toBeUndefined();
    expect(tiny.datacenter.server['health-risk']?.samples).toBe(1);
    // rtt + server explain more than the whole round trip: the upload looks instant.
    const fast = observeDatacenter(emptyCostState(), ocr(1, 1_000_000), { totalMs: 100, serverMs: 100 });
    expect(fast.datacenter.uploadBytesPerMs?.value).toBe(MAX_BYTES_PER_MS);
    const slow = observeDatacenter(emptyCostState(), ocr(1, 40_000), { totalMs: 8.64e7, serverMs: 10 });
    expect(slow.datacenter.uploadBytesPerMs?.value).toBe(MIN_BYTES_PER_MS);
  });

  it('ignores a server time longer than the round trip (treated as absent)', () => {
    const state = observeDatacenter(emptyCostState(), ocr(1, 100_000), { totalMs: 875, serverMs: 5000 });
    expect(predictDatacenter(state, ocr(1, 100_000)).ms).toBeCloseTo(875, 6);
  });

  it('smooths the round trip: the first sample replaces the prior, the next ones average', () => {
    const once = observeRoundTrip(emptyCostState(), 80);
    expect(once.datacenter.rttMs).toEqual({ value: 80, samples: 1 });
    expect(observeRoundTrip(once, 40).datacenter.rttMs).toEqual({ value: 60, samples: 2 });
  });
});

describe('observeUploadProbe', () => {
  it('replaces a long-learnt fast upload with the network as a probe finds it now', () => {
    let state = emptyCostState();
    for (let i = 0; i < 8; i++) state = observeUploadProbe(state, 1_000_000, 1000); // 1,000 bytes/ms
    const slow = observeUploadProbe(state, 32 * 1024, 1638.4); // 20 bytes/ms
    expect(slow.datacenter.uploadBytesPerMs).toEqual({ value: 20, samples: 9 });
    // 600 KB now takes 30 s to upload: the prediction follows at once.
    expect(predictDatacenter(slow, ocr(6, 600_000)).ms).toBeGreaterThan(30_000);
  });

  it('ignores probes too small to time, and invalid times', () => {
    const state = emptyCostState();
    expect(observeUploadProbe(state, 1000, 10)).toBe(state);
    expect(observeUploadProbe(state, 64 * 1024, Number.NaN)).toBe(state);
    expect(observeUploadProbe(state, 64 * 1024, -5)).toBe(state);
  });
});

describe('decide', () => {
  // Local 1 MP OCR: 1,250 ms (prior). Datacenter: rtt + upload + 312.5 ms of server, rtt 50 ms
  // by default; the upload sets how fast it is.
  const withUpload = (bytes: number) => ocr(1, bytes);
  // A device measured once at the prior's own figure: the same numbers, but measured.
  const measured = () => {
    const state = runs(emptyCostState(), ocr(1), [1250]);
    return { ...state, local: { ...state.local, [localKey('ocr', 'webgpu')]: state.local[localKey('ocr', 'wasm')]! } };
  };

  it('picks the datacenter when it is predicted clearly faster', () => {
    const decision = decide(measured(), withUpload(100_000), 'wasm', true);
    expect(decision).toEqual({ place: 'datacenter', local: { ms: 1250, measured: true }, datacenter: { ms: 462.5, measured: false } });
  });

  it('stays on the device within 10 %, ties included', () => {
    // 50 + 312.5 + upload: 1,125 ms = 0.9 × 1,250 needs 762,500 bytes; one byte less is just faster.
    expect(decide(measured(), withUpload(762_500), 'wasm', true).place).toBe('wasm');
    expect(decide(measured(), withUpload(762_000), 'wasm', true).place).toBe('datacenter');
    expect(decide(measured(), withUpload(887_500), 'webgpu', true).place).toBe('webgpu'); // equal
    expect(decide(measured(), withUpload(2_000_000), 'wasm', true).place).toBe('wasm');
  });

  it('on priors alone, keeps a light job on the device and offloads a heavy one', () => {
    // 1 MP: 1,250 ms by the prior, under PRIOR_OFFLOAD_MS: stays, though the datacenter looks faster.
    expect(decide(emptyCostState(), withUpload(100_000), 'wasm', true).place).toBe('wasm');
    // 6 MP (a scanned document): 7,250 ms by the prior: offloaded.
    expect(decide(emptyCostState(), ocr(6, 600_000), 'wasm', true).place).toBe('datacenter');
  });

  it('always stays local when the datacenter is not usable, without a datacenter figure', () => {
    expect(decide(emptyCostState(), withUpload(0), 'webgpu', false)).toEqual({ place: 'webgpu', local: { ms: 1250, measured: false } });
  });

  it('follows measurements: a fast device keeps the job', () => {
    const fast = runs(emptyCostState(), ocr(1), [200]);
    expect(decide(fast, withUpload(100_000), 'wasm', true).place).toBe('wasm');
  });
});

describe('predictionError', () => {
  it('is signed and relative to the actual time', () => {
    expect(predictionError(1200, 1000)).toBeCloseTo(0.2, 12);
    expect(predictionError(800, 1000)).toBeCloseTo(-0.2, 12);
    expect(predictionError(1000, 1000)).toBe(0);
  });
  it('is NaN without a positive actual time', () => {
    expect(predictionError(100, 0)).toBeNaN();
    expect(predictionError(Number.NaN, 100)).toBeNaN();
  });
});

describe('parseCostState', () => {
  const measured = () => {
    let state = runs(emptyCostState(), ocr(1), [1000, 1200]);
    state = observeLocal(state, job('vad', 10), 'webgpu', 300);
    state = observeRoundTrip(state, 40);
    return observeDatacenter(state, ocr(2, 300_000), { totalMs: 1500, serverMs: 600 });
  };

  it('accepts a round-tripped state', () => {
    const state = measured();
    expect(parseCostState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(parseCostState(JSON.parse(JSON.stringify(emptyCostState())))).toEqual(emptyCostState());
  });

  it('rejects other versions', () => {
    for (const version of [0, 2, '1', undefined]) expect(parseCostState({ ...measured(), version })).toBeUndefined();
  });

  it('rejects malformed objects', () => {
    const good = JSON.parse(JSON.stringify(measured())) as CostState;
    const variants: unknown[] = [
      null,
      'state',
      [],
      { version: 1 },
      { version: 1, local: {}, datacenter: {} },
      { version: 1, local: [], datacenter: { server: {} } },
      { ...good, local: { ...good.local, 'ocr|wasm': { ...good.local['ocr|wasm'], weight: null } } },
      { ...good, local: { ...good.local, 'ocr|wasm': { ...good.local['ocr|wasm'], sumMs: -1 } } },
      { ...good, local: { ...good.local, 'ocr|wasm': { ...good.local['ocr|wasm'], samples: 1.5 } } },
      { ...good, local: { ...good.local, 'ocr|wasm': { ...good.local['ocr|wasm'], sumWork2: 1e300 } } },
      { ...good, local: { ...good.local, 'ocr|wasm': { ...good.local['ocr|wasm'], surprise: 2 } } },
      { ...good, datacenter: { ...good.datacenter, rttMs: { value: '40', samples: 1 } } },
      { ...good, datacenter: { ...good.datacenter, uploadBytesPerMs: { value: 0, samples: 1 } } },
      { ...good, datacenter: { ...good.datacenter, server: { ocr: 'fast' } } },
    ];
    for (const value of variants) expect(parseCostState(value)).toBeUndefined();
  });

  it('drops entries under keys this version does not know, __proto__ included', () => {
    const good = JSON.parse(JSON.stringify(measured())) as CostState;
    const raw = JSON.parse(`{"version":1,"local":{"__proto__":{"polluted":true},"ocr|tpu":{}},"datacenter":{"server":{}}}`) as unknown;
    expect(parseCostState(raw)).toEqual(emptyCostState());
    expect(parseCostState({ ...good, local: { ...good.local, 'pdf|wasm': 7 } })).toEqual(good);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
