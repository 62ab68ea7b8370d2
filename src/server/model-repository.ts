/**
 * Finds models in a Triton-layout repository: `<root>/<name>/<version>/model.onnx` with an
 * optional `<root>/<name>/config.pbtxt`. Like Triton's default version policy
 * (`latest { num_versions: 1 }`) only the highest numeric version is served.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Names that are safe as one path segment: no separators, no dot-dot, nothing hidden. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** True for a name we would serve; false for anything that could escape the repository. */
export function isValidModelName(name: string): boolean {
  return MODEL_NAME.test(name) && !name.includes('..');
}

/** One servable model version on disk. */
export interface ModelFiles {
  name: string;
  version: string;
  modelPath: string;
  configPath?: string;
}

const exists = async (path: string, kind: 'file' | 'dir') => {
  try {
    const s = await stat(path);
    return kind === 'file' ? s.isFile() : s.isDirectory();
  } catch {
    return false;
  }
};

/** Scans the repository; folders that are not models are listed in `skipped` with the reason. */
export async function scanRepository(root: string): Promise<{ models: ModelFiles[]; skipped: string[] }> {
  const base = resolve(root);
  const models: ModelFiles[] = [];
  const skipped: string[] = [];
  for (const entry of await readdir(base, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    if (!isValidModelName(entry.name)) {
      skipped.push(`${entry.name}: not a valid model name`);
      continue;
    }
    const dir = join(base, entry.name);
    const versions = (await readdir(dir, { withFileTypes: true }))
      .filter((v) => v.isDirectory() && /^[0-9]+$/.test(v.name))
      .map((v) => v.name)
      .sort((a, b) => Number(b) - Number(a));
    let found: string | undefined;
    for (const version of versions) {
      if (await exists(join(dir, version, 'model.onnx'), 'file')) {
        found = version;
        break;
      }
    }
    if (found === undefined) {
      skipped.push(`${entry.name}: no <version>/model.onnx`);
      continue;
    }
    const configPath = join(dir, 'config.pbtxt');
    models.push({
      name: entry.name,
      version: found,
      modelPath: join(dir, found, 'model.onnx'),
      ...((await exists(configPath, 'file')) ? { configPath } : {}),
    });
  }
  models.sort((a, b) => a.name.localeCompare(b.name));
  return { models, skipped };
}
