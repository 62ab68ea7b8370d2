import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTestRepository } from '../../scripts/make-test-repository.mjs';
import { isValidModelName, scanRepository } from './model-repository.ts';
import { TEST_REPOSITORY } from './test-server.ts';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

describe('the committed test repository', () => {
  it('is exactly what scripts/make-test-repository.mjs builds', () => {
    const built = buildTestRepository();
    const committed = filesUnder(TEST_REPOSITORY).map((f) => relative(TEST_REPOSITORY, f)).sort();
    expect(committed).toEqual(Object.keys(built).sort());
    for (const [path, contents] of Object.entries(built)) {
      const expected = typeof contents === 'string' ? Buffer.from(contents) : Buffer.from(contents);
      expect(readFileSync(join(TEST_REPOSITORY, path)).equals(expected), path).toBe(true);
    }
  });
  it('scans as one latest version per model, with its config when present', async () => {
    const { models, skipped } = await scanRepository(TEST_REPOSITORY);
    expect(skipped).toEqual([]);
    expect(models).toHaveLength(16);
    expect(models.find((m) => m.name === 'identity-fp32')).toMatchObject({ version: '1', configPath: join(TEST_REPOSITORY, 'identity-fp32/config.pbtxt') });
  });
});

describe('isValidModelName', () => {
  it('accepts repository folder names and refuses anything path-like', () => {
    expect(isValidModelName('ppocr-det')).toBe(true);
    expect(isValidModelName('model_v2.1')).toBe(true);
    for (const bad of ['..', '.hidden', 'a/b', 'a\\b', 'a..b', '', 'x'.repeat(200), 'a\0b']) expect(isValidModelName(bad), bad).toBe(false);
  });
});
