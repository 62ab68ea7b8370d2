import { launch, freshContext } from './lib/browser.ts';
import { MODELS, nativeRuns } from './lib/models.ts';
import { bare, openBare } from './lib/pages.ts';
import { startServer } from './lib/servers.ts';
import { outputDiff } from './measures/browser.ts';

const s = await startServer({ WORKERS: '1', STATIC_DIR: 'bench/.bare-dist' });
const browser = await launch();
try {
  const page = await (await freshContext(browser)).newPage();
  await openBare(page, s.url);
  const [id, ...flavours] = process.argv.slice(2);
  const m = MODELS.find((x) => x.id === id)!;
  const ref = (await nativeRuns(m, 1, 1)).outputs;
  for (const f of flavours) {
    const [flavour, backend] = f.split(':') as ['webgpu' | 'wasm' | 'jsep', 'webgpu' | 'wasm'];
    const r = await bare(page, { flavour, backend, threads: 1, modelUrl: `/models/${id}/1/model.onnx`, inputs: m.inputs, n: 3, warmup: 1, maxMs: 1000 });
    if (!r.ok) { console.log(f, r.message); continue; }
    console.log(f, 'diff', outputDiff(r.outputs, ref), 'per output', Object.keys(ref).map((k) => `${k}:${outputDiff({ [k]: r.outputs[k]! }, { [k]: ref[k]! })}`).join(' '), 'median', r.times.sort((a, b) => a - b)[1]);
  }
} finally {
  await browser.close();
  await s.stop();
}
