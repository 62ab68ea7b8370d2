/**
 * Measure 8, the cost model's prediction error: whole OCR jobs on the bundled samples, each
 * run on this device (WASM) and in the datacenter, as a visitor's would be (`axDebug.job`),
 * comparing what the decision predicted for the place it ran with the time it took.
 * Reported per place: the median |error| once the place has been measured, and the error of
 * the first predictions, which rest on priors alone. Jobs that also loaded a model (the
 * first on a fresh page) are left out: the model predicts the steady state.
 */
import type { Browser } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { predictionError } from '../../src/engine/cost-model.ts';
import type { JobTiming } from '../../src/ui/state/bench-hook.ts';
import { freshContext } from '../lib/browser.ts';
import type { BenchRecord } from '../lib/results.ts';
import { summarize } from '../lib/stats.ts';

type Ok = Extract<JobTiming, { ok: true }>;
type AxJob = { axDebug: { job(spec: { url: string; preference: string }): Promise<JobTiming> } };

const PLACES = ['wasm', 'datacenter'] as const;

export async function predictionMeasure(browser: Browser, base: string, threads: number, passes: number, sampleCount: number, log: (line: string) => void): Promise<BenchRecord[]> {
  const samples = (JSON.parse(readFileSync('public/samples/ocr/samples.json', 'utf8')) as { file: string }[]).slice(0, sampleCount);
  const context = await freshContext(browser);
  const seen: Record<(typeof PLACES)[number], { error: number; measured: boolean; actualMs: number }[]> = { wasm: [], datacenter: [] };
  try {
    const page = await context.newPage();
    await page.goto(`${base}/?debug=1&lang=en&consent=granted&threads=${threads}`);
    await page.waitForFunction(() => 'axDebug' in globalThis);
    for (let pass = 0; pass < passes; pass++) {
      for (const sample of samples) {
        for (const place of PLACES) {
          const spec = { url: `${base}/samples/ocr/${sample.file}`, preference: place };
          const result = await page.evaluate((s) => (globalThis as unknown as AxJob).axDebug.job(s), spec);
          if (!result.ok) throw new Error(`OCR job on ${sample.file} (${place}): ${result.name}: ${result.message}`);
          const job = result as Ok;
          if (job.backend !== place) throw new Error(`OCR job on ${sample.file} asked for ${place} ran on ${job.backend}`);
          if (job.loaded) continue;
          const predicted = place === 'datacenter' ? job.predictedDatacenterMs : job.predictedLocalMs;
          if (predicted === null) throw new Error('no datacenter prediction although the datacenter ran the job');
          const measured = place === 'datacenter' ? job.datacenterMeasured : job.localMeasured;
          const error = predictionError(predicted, job.actualMs);
          seen[place].push({ error, measured, actualMs: job.actualMs });
          log(`prediction: pass ${pass + 1} ${sample.file} ${place}: predicted ${predicted.toFixed(0)} ms, took ${job.actualMs.toFixed(0)} ms (${(error * 100).toFixed(0)} %${measured ? '' : ', prior'})`);
        }
      }
    }
  } finally {
    await context.close();
  }
  return PLACES.map((place): BenchRecord => {
    const measured = seen[place].filter((s) => s.measured);
    const priors = seen[place].filter((s) => !s.measured);
    const error = measured.length ? summarize(measured.map((s) => Math.abs(s.error))) : undefined;
    const actual = summarize(seen[place].map((s) => s.actualMs));
    return {
      name: 'prediction-error',
      model: 'ocr job',
      backend: place,
      ratio: error?.median ?? null,
      median_ms: actual.median,
      p90_ms: actual.p90,
      n: measured.length,
      target: { text: 'median |predicted − actual| / actual ≤ 0.5 once measured', met: error !== undefined && error.median <= 0.5 },
      details: {
        p90_abs_error_measured: error?.p90 ?? null,
        abs_error_on_priors: priors.map((s) => Math.abs(s.error)),
        signed_errors_in_order: seen[place].map((s) => s.error),
        samples: samples.length,
        passes,
      },
    };
  });
}
