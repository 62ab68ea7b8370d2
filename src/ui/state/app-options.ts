/**
 * Options read from the address (`?backend=wasm&lang=en`), a contract for end-to-end checks
 * and for exhibitors who bookmark a configuration. Pure, so it is unit-tested.
 */
import { parsePreference } from '../../engine/ladder.ts';
import type { GpuFlavour } from '../../engine/worker-set.ts';
import { parseLang, type Lang } from '../../i18n/index.ts';
import type { BackendPreference } from '../../shared/protocol.ts';

export type DatacenterConsent = 'ask' | 'granted' | 'denied';

export function parseConsent(value: string | null | undefined): DatacenterConsent | undefined {
  return value === 'ask' || value === 'granted' || value === 'denied' ? value : undefined;
}

/** A positive number of seconds, or undefined. */
export function parseSeconds(value: string | null | undefined): number | undefined {
  const seconds = Number(value ?? NaN);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

export interface AppOptions {
  backend?: BackendPreference;
  lang?: Lang;
  /** WASM threads; capped by the cores and by cross-origin isolation. */
  threads?: number;
  /** The onnxruntime-web build of the WebGPU rung (`?ortgpu=jspi|asyncify`); default: the smallest this browser runs. */
  ortGpu?: GpuFlavour;
  /** Most megabytes of models to keep cached (exhibitors on shared tablets). */
  storageMb?: number;
  /** Datacenter endpoint (a Triton or KServe URL); default: this app's origin. */
  endpoint?: string;
  /** Pre-approve sending inputs to the datacenter (kiosks): `?consent=granted`. */
  consent?: DatacenterConsent;
  /** Kiosk mode (`?kiosk=1`, or the route `#/kiosk`). */
  kiosk: boolean;
  /** Kiosk: seconds without a touch before everything resets (`?idle=`; else the setting, default 60). */
  idleSeconds?: number;
  /** Kiosk: seconds each demo plays in the attract loop (`?attract=`; else the setting, default 15). */
  attractSeconds?: number;
  /** Exposes `window.axDebug` for end-to-end tests. */
  debug: boolean;
  /** `?startup=lazy`: ORT starts with the first model, WASM warms up, no early worker (A/B benchmarks of the cached start). */
  startup?: 'lazy';
}

export function parseAppOptions(search: string): AppOptions {
  const params = new URLSearchParams(search);
  const options: AppOptions = {
    debug: params.get('debug') === '1',
    kiosk: params.get('kiosk') === '1',
  };
  const idle = parseSeconds(params.get('idle'));
  if (idle) options.idleSeconds = idle;
  const attract = parseSeconds(params.get('attract'));
  if (attract) options.attractSeconds = attract;
  if (params.has('backend')) options.backend = parsePreference(params.get('backend'));
  const lang = parseLang(params.get('lang'));
  if (lang) options.lang = lang;
  const threads = Number(params.get('threads'));
  if (Number.isInteger(threads) && threads > 0) options.threads = threads;
  const ortGpu = params.get('ortgpu');
  if (ortGpu === 'jspi' || ortGpu === 'asyncify') options.ortGpu = ortGpu;
  const endpoint = params.get('endpoint');
  if (endpoint && /^https?:\/\//.test(endpoint)) options.endpoint = endpoint;
  const consent = parseConsent(params.get('consent'));
  if (consent) options.consent = consent;
  if (params.get('startup') === 'lazy') options.startup = 'lazy';
  const storage = Number(params.get('storage'));
  if (Number.isFinite(storage) && storage > 0) options.storageMb = storage;
  return options;
}
