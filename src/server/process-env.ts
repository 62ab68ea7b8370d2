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
 *
 * Those mappings start with no pages, so each run of a model with large activations faults
 * its buffers in again: 46 of PP-OCR det's 184 ms at 640×640 were kernel time. glibc's
 * `hugetlb=1` tunable asks for transparent huge pages on them (where the kernel offers them
 * on request, `madvise`, Debian's default), a fault per 2 MiB instead of per 4 KiB: 12 ms
 * of kernel time, as fast as onnxruntime's own arena, and freed the same way (issue 13;
 * docs/SERVER.md "Memory"). glibc before 2.35 and kernels without huge pages ignore it.
 */
export const SERVER_PROCESS_ENV = { MALLOC_MMAP_THRESHOLD_: '131072', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } as const;

/**
 * Node flags the server process must start with (a flag, not the environment: NODE_OPTIONS
 * refuses this one). With V8's default first old-space limit the main thread ran a full
 * collection every 5-10 PP-OCR rec answers (each moves ~2.4 MB of buffers through it), about
 * 12 % of a core; a 64 MB start cut those collections from ~125 to ~22 in a 16 s run and
 * the server's CPU per rec request from 35-45 to 31-37 ms (docs/BENCHMARKS.md, "The
 * endpoint with huge pages and a lean client"). The old space still grows and shrinks as
 * before past it; `--max-old-space-size` is untouched.
 */
export const SERVER_NODE_FLAGS = ['--initial-old-space-size=64'] as const;

/**
 * Node's arguments for a server process our tools start (benchmarks, e2e, Playwright): its
 * flags, then tsx's loader and the entry. Node itself, not `npx tsx`, so that a signal sent
 * to the process reaches the server and not a wrapper. With SERVER_PROCESS_ENV in its env.
 */
export const SERVER_NODE_ARGS = [...SERVER_NODE_FLAGS, '--import', 'tsx', 'src/server/main.ts'] as const;

/** The name of a `--flag=value` flag, in node's spelling (dashes; node also accepts underscores). */
const flagName = (flag: string) => flag.split('=')[0]!.replaceAll('_', '-');

/** Which of SERVER_NODE_FLAGS the process was started without (by name: a value of one's own counts). */
export function missingNodeFlags(execArgv: readonly string[]): string[] {
  const given = new Set(execArgv.map(flagName));
  return SERVER_NODE_FLAGS.filter((flag) => !given.has(flagName(flag)));
}

/**
 * What is missing from `env` for memory to come back after large inputs and fault in cheaply,
 * if anything. GLIBC_TUNABLES is a colon-separated list: other tunables beside ours are fine.
 */
export function missingProcessEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(SERVER_PROCESS_ENV)
    .filter(([name, value]) => !(env[name] ?? '').split(':').includes(value))
    .map(([name, value]) => `${name}=${value}`);
}
