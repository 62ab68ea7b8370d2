import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncModels } from './sync-models.mjs';

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'sync-models-'));
  const pkg = join(dir, 'pkg');
  mkdirSync(join(pkg, 'assets'), { recursive: true });
  writeFileSync(join(pkg, 'assets/w.onnx'), 'weights');
  const sha = createHash('sha256').update('weights').digest('hex');
  const file = { target: 'm/1/model.onnx', package: 'pkg', path: 'assets/w.onnx', sha256: sha, bytes: 7 };
  return { dir, models: join(dir, 'models'), findPackage: () => pkg, file };
}

describe('syncModels', () => {
  it('copies a verified file once, then keeps it', () => {
    const { models, findPackage, file } = fixture();
    expect(syncModels([file], { modelsDir: models, findPackage })).toEqual({ copied: ['m/1/model.onnx'], failed: [] });
    expect(readFileSync(join(models, file.target), 'utf8')).toBe('weights');
    expect(syncModels([file], { modelsDir: models, findPackage })).toEqual({ copied: [], failed: [] });
  });

  it('refuses a file whose sha256 does not match, and installs nothing', () => {
    const { models, findPackage, file } = fixture();
    const result = syncModels([{ ...file, sha256: '0'.repeat(64) }], { modelsDir: models, findPackage });
    expect(result.copied).toEqual([]);
    expect(result.failed[0]).toMatch(/has sha256 [0-9a-f]{64}, expected 0{64}/);
    expect(existsSync(join(models, file.target))).toBe(false);
  });

  it('reports a missing package instead of crashing', () => {
    const { models, file } = fixture();
    const findPackage = () => {
      throw new Error('package pkg is not installed: run npm install');
    };
    expect(syncModels([file], { modelsDir: models, findPackage }).failed).toEqual(['m/1/model.onnx: package pkg is not installed: run npm install']);
  });
});

describe('filesOf', () => {
  it('takes packaged files from the model source and leaves committed ones to verification', async () => {
    const { filesOf } = await import('./sync-models.mjs');
    const files = filesOf({
      models: [
        { id: 'a', source: { package: 'pkg' }, files: [{ path: '1/model.onnx', from: 'dist/a.onnx', sha256: 'x', bytes: 1 }] },
        { id: 'b', source: { package: 'self' }, files: [{ path: '1/model.onnx', sha256: 'y', bytes: 2 }] },
      ],
    });
    expect(files).toEqual([
      { target: 'a/1/model.onnx', package: 'pkg', path: 'dist/a.onnx', sha256: 'x', bytes: 1 },
      { target: 'b/1/model.onnx', sha256: 'y', bytes: 2 },
    ]);
  });

  it('reports a committed file that changed', () => {
    const { models } = fixture();
    const result = syncModels([{ target: 'm/1/model.onnx', sha256: 'f'.repeat(64), bytes: 1 }], { modelsDir: models, findPackage: () => '' });
    expect(result.failed[0]).toMatch(/committed file is missing/);
  });
});
