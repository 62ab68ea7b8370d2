import { describe, expect, it } from 'vitest';
import { SECTORS } from '../catalog/catalog.ts';
import { catalog } from '../catalog/index.ts';
import { DEMOS, demosOf, findDemo } from './demos.ts';

describe('demos', () => {
  it('have unique ids usable in a route', () => {
    const ids = DEMOS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(findDemo('meter-reader')?.kind).toBe('ocr');
    expect(findDemo('nope')).toBeUndefined();
  });

  it('speak Korean and English', () => {
    for (const demo of DEMOS) {
      for (const field of [demo.title, demo.summary, demo.how]) {
        expect(field.ko.trim(), demo.id).not.toBe('');
        expect(field.en.trim(), demo.id).not.toBe('');
      }
    }
  });

  it('run only models in the catalog', () => {
    const ids = catalog.models.map((m) => m.id);
    for (const demo of DEMOS) for (const model of demo.models) expect(ids, `${demo.id} uses ${model}`).toContain(model);
  });

  it('give every sector at least two demos (issue 15)', () => {
    for (const sector of SECTORS) expect(demosOf(sector).length, sector).toBeGreaterThanOrEqual(2);
  });
});
