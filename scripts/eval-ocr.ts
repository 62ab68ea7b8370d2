/**
 * OCR evaluation: runs runOcr with onnxruntime-node over bench/ocr-eval (made by
 * scripts/make-ocr-samples.mjs: Latin, digits, Chinese, two Hangul pictures) and
 * bench/ocr-eval-ko (Hangul lines drawn in fonts hangul-rec never saw in training) and
 * reports the character error rate, overall, per set tag and per script (Hangul, digits,
 * Latin, other), with every picture's reading. Writes bench/results/ocr-cer.json.
 * The product's recognizers (recognizers.ts `RECOGNIZERS`) read, kept by `--rule R` when
 * given. `--compare` measures PP-OCR and hangul-rec (models/hangul-rec/1, as
 * scripts/recipes/hangul-rec.py exports it) every way they can be combined (each alone,
 * both by each rule) side by side and writes nothing: it is how to decide whether
 * hangul-rec joins the product, and with which rule.
 * `--samples` reads the demo pictures (public/samples/ocr/samples.json) instead and
 * writes nothing: they are hand-made showcases, not a measurement.
 * `--datacenter URL` reads every picture through a running server's `ocr` pipeline model
 * instead (the job's own PNG in a v2 request, decoded and read by the server) and writes
 * nothing: it checks that the datacenter reads as this device does.
 * Usage: npx tsx scripts/eval-ocr.ts [--samples] [--compare] [--rule script|confidence] [--datacenter http://127.0.0.1:8080]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { cerCounts, editDistance, normalizeForCer } from '../src/tasks/ocr/cer.ts';
import { HANGUL, HANGUL_RECOGNIZER, PPOCR_RECOGNIZER, loadRecognizers, runOcr, type ReadingRule, type Recognizer } from '../src/tasks/ocr/index.ts';
import { decodePng } from '../src/tasks/ocr/png.ts';
import { HEADER_LENGTH, decodeInferResponse, encodeInferRequest } from '../src/shared/kserve-v2.ts';
import { taskOf } from '../src/tasks/registry.ts';
import { nodeRunner } from './lib/node-runner.ts';

interface Truth {
  file: string;
  lines: string[];
  tags: string[];
}

const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const samples = process.argv.includes('--samples');
const compare = process.argv.includes('--compare');
const datacenter = argument('--datacenter');
const rule = argument('--rule') as ReadingRule | undefined;

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

/** Each picture with its folder: the demo samples, or both evaluation sets. */
function pictures(): (Truth & { dir: string })[] {
  if (samples) {
    const dir = 'public/samples/ocr';
    return (JSON.parse(readFileSync(`${dir}/samples.json`, 'utf8')) as { file: string; lines: string[]; framing: string }[]).map((s) => ({ ...s, tags: [s.framing], dir }));
  }
  return ['bench/ocr-eval', 'bench/ocr-eval-ko'].flatMap((dir) => (JSON.parse(readFileSync(`${dir}/truth.json`, 'utf8')) as Truth[]).map((t) => ({ ...t, dir })));
}

/** Characters by script, to say where the errors are: a CER over each script's characters alone. */
const DIGIT = /[0-9]/u;
const LATIN = /[A-Za-z]/u;
const SCRIPTS: Record<string, (c: string) => boolean> = {
  hangul: (c) => HANGUL.test(c),
  digits: (c) => DIGIT.test(c),
  latin: (c) => LATIN.test(c),
  other: (c) => !HANGUL.test(c) && !DIGIT.test(c) && !LATIN.test(c),
};
const onlyScript = (text: string, inScript: (c: string) => boolean) => [...normalizeForCer(text)].filter(inScript).join('');

interface Tally {
  errors: number;
  length: number;
  images: number;
}
const round = (v: number) => Math.round(v * 10000) / 10000;
const cerOf = (t: Tally) => ({ cer: round(t.errors / Math.max(1, t.length)), images: t.images, characters: t.length });

/** Reads every picture with `recognizers` kept by `rule` and counts the errors. */
async function evaluate(recognizers: readonly Recognizer[], keep: ReadingRule | undefined, log: boolean) {
  const totals = new Map<string, Tally>();
  const add = (key: string, errors: number, length: number) => {
    const t = totals.get(key) ?? { errors: 0, length: 0, images: 0 };
    totals.set(key, { errors: t.errors + errors, length: t.length + length, images: t.images + (length > 0 ? 1 : 0) });
  };
  const perImage: { file: string; tags: string[]; cer: number; read: string[]; truth: string[] }[] = [];
  for (const item of pictures()) {
    const file = readFileSync(`${item.dir}/${item.file}`);
    const read = datacenter
      ? await readInDatacenter(datacenter, file)
      : (await runOcr(decodePng(file, (d) => inflateSync(d)), runner.run, { recognizers, ...(keep ? { rule: keep } : {}) })).lines.map((l) => l.text);
    const { errors, length } = cerCounts(read, item.lines);
    add('all', errors, length);
    const spaced = cerCounts(read, item.lines, true);
    add('with-spaces', spaced.errors, spaced.length);
    for (const tag of item.tags) add(`tag:${tag}`, errors, length);
    for (const [script, pattern] of Object.entries(SCRIPTS)) {
      const [r, t] = [onlyScript(read.join(''), pattern), onlyScript(item.lines.join(''), pattern)];
      add(`script:${script}`, editDistance(r, t), [...t].length);
    }
    perImage.push({ file: `${item.dir.split('/').pop()}/${item.file}`, tags: item.tags, cer: round(errors / length), read, truth: item.lines });
    if (log) console.log(`${errors === 0 ? 'ok  ' : 'MISS'} ${item.file.padEnd(14)} cer ${(errors / length).toFixed(3)}  read ${JSON.stringify(read)}  truth ${JSON.stringify(item.lines)}`);
  }
  const group = (prefix: string) => Object.fromEntries([...totals].filter(([k]) => k.startsWith(prefix)).map(([k, t]) => [k.slice(prefix.length), cerOf(t)]));
  return { all: cerOf(totals.get('all')!), withSpaces: cerOf(totals.get('with-spaces')!), byTag: group('tag:'), byScript: group('script:'), perImage };
}

const runner = nodeRunner();
try {
  const readText = (path: string) => readFileSync(`models/${path}`, 'utf8');
  if (compare) {
    if (!existsSync(`models/${HANGUL_RECOGNIZER.dictionaryPath}`)) throw new Error('no models/hangul-rec/1: train and export it first (/usr/bin/python3 scripts/recipes/hangul-rec.py)');
    const both = await loadRecognizers(readText, [PPOCR_RECOGNIZER, HANGUL_RECOGNIZER]);
    const ways: [string, Recognizer[], ReadingRule | undefined][] = [
      ['PP-OCR only', [both[0]!], undefined],
      ['hangul-rec only', [both[1]!], undefined],
      ['both, most confident', both, 'confidence'],
      ['both, by script', both, 'script'],
    ];
    console.log('way                    all     hangul  digits  latin   other   (CER over each script\'s characters)');
    for (const [name, recognizers, keep] of ways) {
      const r = await evaluate(recognizers, keep, false);
      const s = (k: string) => String(r.byScript[k]?.cer ?? '-').padEnd(8);
      console.log(`${name.padEnd(22)} ${String(r.all.cer).padEnd(8)}${s('hangul')}${s('digits')}${s('latin')}${s('other')}`);
    }
  } else {
    const r = await evaluate(await loadRecognizers(readText), rule, true);
    const through = datacenter ? `through ${datacenter}/v2/models/ocr: ` : '';
    console.log(`\n${through}CER ${r.all.cer} over ${r.all.images} images (${r.all.characters} characters; whitespace ignored, NFKC)`);
    for (const [tag, v] of Object.entries(r.byTag)) console.log(`  ${tag.padEnd(10)} CER ${v.cer} over ${v.images} images`);
    for (const [script, v] of Object.entries(r.byScript)) console.log(`  ${`${script} chars`.padEnd(14)} CER ${v.cer} over ${v.characters} characters`);
    console.log(`  counting spaces too: CER ${r.withSpaces.cer}`);
    if (!samples && !datacenter) {
      mkdirSync('bench/results', { recursive: true });
      const report = { cer: r.all.cer, images: r.all.images, date: new Date().toISOString(), characters: r.all.characters, cerWithSpaces: r.withSpaces.cer, rule: rule ?? 'default', byTag: r.byTag, byScript: r.byScript, perImage: r.perImage };
      writeFileSync('bench/results/ocr-cer.json', `${JSON.stringify(report, null, 2)}\n`);
    }
  }
} finally {
  await runner.release();
}
