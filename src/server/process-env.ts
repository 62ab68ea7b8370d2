/**
 * The environment the server process must start with (SERVER.md "Memory"). glibc reads it
 * once, at the process's first allocation, so it cannot be set from inside: every launcher
 * (package.json's start and serve, the Dockerfile in DEPLOY.md, Playwright, the benchmarks)
 * passes it, and main.ts warns when it is missing.
 *
 * A fixed mmap threshold makes every allocation of 128 KiB or more its own mapping, given
 * back to the system when freed; glibc's default threshold rises after the first large free,
 * so the activations of one large input then stay in the heap for good. Measured with
 * scripts/measure-arena.ts (ppocr-rec, ten runs at the widest input its limits allow):
 * resident memory +1 MB after them with it, +113 MB without.
 */
export const SERVER_PROCESS_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' } as const;

/** What is missing from `env` for memory to come back after large inputs, if anything. */
export function missingProcessEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(SERVER_PROCESS_ENV)
    .filter(([name, value]) => env[name] !== value)
    .map(([name, value]) => `${name}=${value}`);
}
