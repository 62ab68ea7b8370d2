import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.ts';
import { pageOf } from '../measures/start.ts';
import { feeds, MODELS, modelPath } from './models.ts';

describe('the benchmarked models', () => {
  it('cover every catalog model, the start target being "every catalog model"', () => {
    expect(MODELS.map((m) => m.id).sort()).toEqual(catalog.models.map((m) => m.id).sort());
    expect(MODELS.filter((m) => !m.startOnly).map((m) => m.id)).toEqual(['ppocr-det', 'ppocr-rec', 'silero-vad', 'health-risk']);
  });

  it('feed each model the inputs its catalog entry declares, and onnxruntime-node runs them', async () => {
    for (const model of MODELS) {
      const declared = catalog.models.find((m) => m.id === model.id)!.inputs;
      expect(Object.keys(model.inputs).sort(), model.id).toEqual(declared.map((i) => i.name).sort());
      for (const input of declared) {
        const given = model.inputs[input.name]!;
        expect(given.type, `${model.id} ${input.name}`).toBe(input.type);
        expect(given.dims.length, `${model.id} ${input.name}`).toBe(input.dims.length);
        input.dims.forEach((d, i) => typeof d === 'number' && expect(given.dims[i], `${model.id} ${input.name}[${i}]`).toBe(d));
      }
      const session = await ort.InferenceSession.create(modelPath(model.id));
      try {
        const outputs = await session.run(feeds(model.inputs));
        expect(Object.keys(outputs).length, model.id).toBeGreaterThan(0);
      } finally {
        await session.release();
      }
    }
  });

  it('are started on the page a visitor runs them on: the smallest demo that runs them, or the Device page', () => {
    expect(pageOf('ppocr-det')?.hash).toBe('#/demo/meter-reader');
    expect(pageOf('hangul-rec')?.hash).toBe('#/demo/meter-reader');
    expect(pageOf('silero-vad')?.hash).toBe('#/demo/senior-checkin');
    expect(pageOf('oww-embedding')?.hash).toBe('#/demo/voice-trigger');
    expect(pageOf('selftest-mlp')).toEqual({ hash: '#/device', kind: 'Device', name: 'Device page' });
    for (const model of MODELS) expect(pageOf(model.id), model.id).toBeDefined();
  });
});
