/**
 * What works offline, as a pure decision: a demo works offline when every file its models
 * need (weights and the files beside them, e.g. the OCR dictionary) is in the verified model
 * store. The page is ready for offline use once the service worker's precache is complete,
 * every demo the visitor ran is stored, and so is every onnxruntime build that ran them:
 * what ran once must run again without the network.
 */

export interface DemoFiles {
  id: string;
  /** Model-store ids of everything the demo's models read. */
  files: readonly string[];
}

export interface OfflineGaps {
  ready: boolean;
  /** Demos that ran in this visit but are not (yet) stored: they block `ready`. */
  ranMissing: string[];
  /** Every demo that would not work offline now, in the order given. */
  notStored: string[];
  /** onnxruntime builds that ran here but are not stored yet: they block `ready` too. */
  buildsMissing: readonly string[];
}

/**
 * `stored`: ids in the verified model store; `ran`: demos that finished a run in this visit;
 * `buildsMissing`: onnxruntime builds used in this visit and not in the offline cache.
 */
export function offlineGaps(demos: readonly DemoFiles[], stored: readonly string[], ran: readonly string[], precached: boolean, buildsMissing: readonly string[] = []): OfflineGaps {
  const have = new Set(stored);
  const notStored = demos.filter((d) => !d.files.every((f) => have.has(f))).map((d) => d.id);
  const ranMissing = notStored.filter((id) => ran.includes(id));
  return { ready: precached && ranMissing.length === 0 && buildsMissing.length === 0, ranMissing, notStored, buildsMissing };
}
