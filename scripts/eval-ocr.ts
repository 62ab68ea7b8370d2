/**
 * OCR evaluation: runs runOcr with onnxruntime-node over bench/ocr-eval (made by
 * scripts/make-ocr-samples.mjs) and reports the character error rate, overall and per
 * script tag, with every picture's reading. Writes bench/results/ocr-cer.json.
 * `--samples` reads the demo pictures (public/samples/ocr/samples.json) instead and
 * writes nothing: they are hand-made showcases, not a measurement.
 * `--datacenter URL` reads every picture through a running server's `ocr` pipeline model
 * instead (the job's own PNG in a v2 request, decoded and read by the server) and writes
 * nothing: it checks that the datacenter reads as this device does.
 * Usage: npx tsx scripts/eval-ocr.ts [--samples] [--datacenter http://127.0.0.1:8080]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { cerCounts } from '../src/tasks/ocr/cer.ts';
import { loadDictionary, runOcr } from '../src/tasks/ocr/index.ts';
import { decodePng } from '../src/tasks/ocr/png.ts';
import { HEADER_LENGTH, decodeInferResponse, encodeInferRequest } from '../src/shared/kserve-v2.ts';
import { taskOf } from '../src/tasks/registry.ts';
import { nodeRunner } from './lib/node-runner.ts';

interface Truth {
  file: string;
  lines: string[];
  tags: string[];
}

const samples = process.argv.includes('--samples');
const datacenterAt = process.argv.indexOf('--datacenter');
const datacenter = datacenterAt > 0 ? process.argv[datacenterAt + 1] : undefined;

/** The lines the datacenter's `ocr` pipeline model reads in a picture's own bytes. */
async function readInDatacenter(url: string, png: Uint8Array): Promise<string[]> {
  const task = taskOf('ocr');
  const { body, headers } = encodeInferRequest(task.wire.encodeInput({ image: png }), { binary: true });
  const response = await fetch(`${url}/v2/models/ocr/infer`, { method: 'POST', body, headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) throw new Error(`datacenter answered ${response.status}: ${new TextDecoder().decode(bytes)}`);
  const length = response.headers.get(HEADER_LENGTH);
  return task.wire.decodeResult(decodeInferResponse(bytes, length === null ? undefined : Number(length)).outputs).lines.map((l) => l.text);
}
const DIR = samples ? 'public/samples/ocr' : 'bench/ocr-eval';
const truth = samples
  ? (JSON.parse(readFileSync(`${DIR}/samples.json`, 'utf8')) as { file: string; lines: string[]; framing: string }[]).map((s) => ({ ...s, tags: [s.framing] }))
  : (JSON.parse(readFileSync(`${DIR}/truth.json`, 'utf8')) as Truth[]);
const dictionary = loadDictionary(readFileSync('models/ppocr-rec/1/ppocr_keys_v1.txt', 'utf8'));
const runner = nodeRunner();
const totals = new Map<string, { errors: number; length: number; images: number }>();
const perImage: { file: string; tags: string[]; cer: number; read: string[]; truth: string[] }[] = [];
const add = (key: string, errors: number, length: number) => {
  const t = totals.get(key) ?? { errors: 0, length: 0, images: 0 };
  totals.set(key, { errors: t.errors + errors, length: t.length + length, images: t.images + 1 });
};

try {
  for (const item of truth) {
    const file = readFileSync(`${DIR}/${item.file}`);
    const read = datacenter
      ? await readInDatacenter(datacenter, file)
      : (await runOcr(decodePng(file, (d) => inflateSync(d)), runner.run, { dictionary })).lines.map((l) => l.text);
    const { errors, length } = cerCounts(read, item.lines);
    add('all', errors, length);
    const spaced = cerCounts(read, item.lines, true);
    add('with-spaces', spaced.errors, spaced.length);
    for (const tag of item.tags) add(tag, errors, length);
    perImage.push({ file: item.file, tags: item.tags, cer: round(errors / length), read, truth: item.lines });
    const mark = errors === 0 ? 'ok  ' : 'MISS';
    console.log(`${mark} ${item.file.padEnd(14)} cer ${(errors / length).toFixed(3)}  read ${JSON.stringify(read)}  truth ${JSON.stringify(item.lines)}`);
  }
} finally {
  await runner.release();
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}

const cerOf = (key: string) => {
  const t = totals.get(key)!;
  return { cer: round(t.errors / t.length), images: t.images, characters: t.length };
};
const byTag = Object.fromEntries([...totals.keys()].filter((k) => k !== 'all' && k !== 'with-spaces').map((k) => [k, cerOf(k)]));
const all = cerOf('all');
console.log(`\n${datacenter ? `through ${datacenter}/v2/models/ocr: ` : ''}CER ${all.cer} over ${all.images} images (${all.characters} characters; whitespace ignored, NFKC)`);
for (const [tag, v] of Object.entries(byTag)) console.log(`  ${tag.padEnd(8)} CER ${v.cer} over ${v.images} images`);
const withSpaces = cerOf('with-spaces');
console.log(`  counting spaces too: CER ${withSpaces.cer} (the recognizer drops most spaces between Latin words)`);
if (!samples && !datacenter) {
  mkdirSync('bench/results', { recursive: true });
  const report = { cer: all.cer, images: all.images, date: new Date().toISOString(), characters: all.characters, cerWithSpaces: withSpaces.cer, byTag, perImage };
  writeFileSync('bench/results/ocr-cer.json', `${JSON.stringify(report, null, 2)}\n`);
}
