import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import raw from '../../models/catalog.json';
import { catalog, modelRef } from './index.ts';
import { CatalogError, modelBytes, parseCatalog } from './catalog.ts';

const clone = () => JSON.parse(JSON.stringify(raw)) as { version: number; models: Record<string, unknown>[] };
const first = (mutate: (m: Record<string, unknown>) => void) => {
  const c = clone();
  mutate(c.models[0]!);
  return c;
};

describe('the shipped catalog', () => {
  it('is valid and lists every model once', () => {
    expect(catalog.models.map((m) => m.id)).toEqual(['ppocr-det', 'ppocr-rec', 'ppocr-cls', 'hangul-rec', 'silero-vad', 'oww-melspectrogram', 'oww-embedding', 'oww-hey-jarvis', 'oww-alexa', 'oww-hey-mycroft', 'selftest-mlp', 'health-risk', 'demand-forecast']);
  });

  it.each(catalog.models.map((m) => [m.id, m] as const))('%s: files on disk have the listed size and sha256', (_id, model) => {
    for (const file of model.files) {
      const bytes = readFileSync(`models/${model.id}/${file.path}`);
      expect(bytes.length).toBe(file.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    }
  });

  it.each(catalog.models.map((m) => [m.id, m] as const))('%s: inputs and outputs match the model itself', async (_id, model) => {
    const session = await ort.InferenceSession.create(`models/${model.id}/1/model.onnx`);
    const actual = (meta: readonly ort.InferenceSession.ValueMetadata[]) =>
      meta.map((m) => (m.isTensor ? { name: m.name, type: m.type, rank: m.shape.length, fixed: m.shape.map((d) => (typeof d === 'number' ? d : null)) } : { name: m.name }));
    const declared = (specs: typeof model.inputs) =>
      specs.map((t) => ({ name: t.name, type: t.type, rank: t.dims.length, fixed: t.dims.map((d) => (typeof d === 'number' ? d : null)) }));
    expect(declared(model.inputs)).toEqual(actual(session.inputMetadata));
    expect(declared(model.outputs)).toEqual(actual(session.outputMetadata));
    await session.release();
  });

  it('gives the engine a same-origin URL with checksum and size', () => {
    const det = catalog.models.find((m) => m.id === 'ppocr-det')!;
    expect(modelRef(det)).toEqual({ id: 'ppocr-det', url: 'models/ppocr-det/1/model.onnx', sha256: det.files[0]!.sha256, bytes: 4745517, cpuMsPerRun: det.hints.cpuMsPerRun });
    expect(modelBytes(catalog.models.find((m) => m.id === 'ppocr-rec')!)).toBe(10822323 + 26249);
  });
});

describe('parseCatalog rejects malformed entries', () => {
  it.each([
    ['a missing English title', first((m) => ((m['title'] as Record<string, string>)['en'] = '')), 'title needs ko and en'],
    ['an unknown sector', first((m) => (m['sectors'] = ['space'])), 'sectors must be among'],
    ['a bad sha256', first((m) => ((m['files'] as Record<string, unknown>[])[0]!['sha256'] = 'abc')), 'sha256 must be 64 hex digits'],
    ['a zero size', first((m) => ((m['files'] as Record<string, unknown>[])[0]!['bytes'] = 0)), 'bytes must be a positive integer'],
    ['no model.onnx', first((m) => ((m['files'] as Record<string, unknown>[])[0]!['path'] = '1/weights.bin')), 'must include 1/model.onnx'],
    ['a path escaping the folder', first((m) => ((m['files'] as Record<string, unknown>[])[0]!['path'] = '../x/model.onnx')), 'path must be <version>/<file>'],
    ['an unknown tensor type', first((m) => ((m['inputs'] as Record<string, unknown>[])[0]!['type'] = 'float33')), "type 'float33' is not a tensor type"],
    ['a negative dim', first((m) => ((m['inputs'] as Record<string, unknown>[])[0]!['dims'] = [-1, 3])), 'dims must be sizes or symbolic names'],
    ['an id that is not a folder name', first((m) => (m['id'] = '../etc')), "id '../etc' must be a lowercase folder name"],
    ['missing hints', first((m) => delete m['hints']), 'hints needs referenceInputs and cpuMsPerRun'],
    [
      'a reference input that does not fit the model',
      first((m) => ((m['hints'] as { referenceInputs: Record<string, number[]> }).referenceInputs['x'] = [1, 4, 64, 64])),
      'hints.referenceInputs.x must give a shape that fits [batch,3,height,width]',
    ],
  ])('%s', (_what, json, message) => {
    expect(() => parseCatalog(json)).toThrow(CatalogError);
    expect(() => parseCatalog(json)).toThrow(message);
  });

  it('duplicate ids and an unknown version', () => {
    const c = clone();
    c.models.push(c.models[0]!);
    c.version = 2;
    expect(() => parseCatalog(c)).toThrow(/appears twice[\s\S]*|version 2 is not supported/);
    try {
      parseCatalog(c);
    } catch (error) {
      expect((error as Error).message).toContain("model id 'ppocr-det' appears twice");
      expect((error as Error).message).toContain('catalog version 2 is not supported');
    }
  });
});
