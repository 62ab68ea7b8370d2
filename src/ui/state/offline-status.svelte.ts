/**
 * Whether this page is ready to work offline (issue 14): the service worker's precache
 * (an active worker has finished installing, so its precache is complete), the verified
 * model store's listing, against the demos the visitor ran, and the onnxruntime builds that
 * ran them, which it stores for offline use itself (src/engine/ort-builds.ts). Refreshed when
 * the engine says the store may have changed and after every run of a demo.
 */
import { fileRefsOf, findModel } from '../../catalog/index.ts';
import { DEMOS } from '../../demos/demos.ts';
import type { Engine } from '../../engine/client.ts';
import { storeBuilds } from '../../engine/ort-builds.ts';
import type { OrtFlavour } from '../../shared/protocol.ts';
import { offlineGaps, type DemoFiles, type OfflineGaps } from './offline-gaps.ts';
import { engine } from './runtime.ts';

const DEMO_FILES: DemoFiles[] = DEMOS.map((demo) => ({
  id: demo.id,
  files: demo.models.flatMap((id) => {
    const model = findModel(id);
    return model ? [id, ...fileRefsOf(model).map((f) => f.id)] : [id];
  }),
}));

export class OfflineStatus {
  readonly #engine: Engine;
  #started = false;
  /** Builds found in (or put into) the offline cache. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping; `buildsMissing` is the reactive state
  readonly #storedBuilds = new Set<string>();
  /** Development builds register no service worker: there is nothing to tell then. */
  readonly development = !import.meta.env.PROD;
  /** Without service workers the app itself cannot be kept: never ready, and the page says so. */
  readonly supported = 'serviceWorker' in navigator;
  precached = $state(false);
  /** Ids in the verified store; undefined until the first listing. */
  stored = $state.raw<readonly string[] | undefined>();
  ran = $state.raw<readonly string[]>([]);
  /** Builds that ran here and could not be stored yet. */
  buildsMissing = $state.raw<readonly string[]>([]);
  readonly gaps: OfflineGaps | undefined = $derived(this.stored && offlineGaps(DEMO_FILES, this.stored, this.ran, this.precached, this.buildsMissing));

  constructor(source: Engine) {
    this.#engine = source;
  }

  /** Idempotent: the first page that shows the status starts watching. */
  start(): void {
    if (this.#started || this.development) return;
    this.#started = true;
    this.#engine.addEventListener('cache', () => void this.refresh());
    // Production builds only register the service worker (app-update.svelte.ts).
    if (!this.development && this.supported) void navigator.serviceWorker.ready.then(() => (this.precached = true));
    void this.refresh();
  }

  /** A demo finished a run: its models should now be stored. */
  noteRun(demoId: string): void {
    if (!this.ran.includes(demoId)) this.ran = [...this.ran, demoId];
    // Not ready until a build that just ran is known to be stored (refresh checks and stores).
    this.buildsMissing = this.#neededBuilds().filter((build) => !this.#storedBuilds.has(build));
    void this.refresh();
  }

  /**
   * The builds offline use needs: those that ran, and the WASM-only one whenever any ran,
   * since every model falls back to it (a lost GPU, a model WebGPU cannot run).
   */
  #neededBuilds(): OrtFlavour[] {
    const used = [...this.#engine.usedBuilds];
    return used.length && !used.includes('wasm') ? [...used, 'wasm'] : used;
  }

  async refresh(): Promise<void> {
    if (this.development) return;
    try {
      this.stored = (await this.#engine.listCache()).entries.map((e) => e.id);
    } catch {
      // No store (private mode, storage disabled): nothing is stored, the line says so.
      this.stored = [];
    }
    // Each build is looked up (and stored) until it is known to be there, not on every refresh.
    const unknown = this.#neededBuilds().filter((build) => !this.#storedBuilds.has(build));
    const missing = unknown.length ? (await storeBuilds(unknown).catch(() => ({ missing: unknown }))).missing : [];
    for (const build of unknown) if (!missing.includes(build)) this.#storedBuilds.add(build);
    this.buildsMissing = missing;
  }
}

export const offlineStatus = new OfflineStatus(engine);
