/** The part of autocannon's API bench/batching-ab.ts and bench/inline-ab.ts use (the package ships no types). */
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer;
    connections?: number;
    duration?: number;
  }
  interface Result {
    duration: number;
    latency: { p50: number; p90: number; p99: number; average: number };
    statusCodeStats: Record<string, { count: number } | undefined>;
    non2xx: number;
    errors: number;
    timeouts: number;
    requests: { total: number };
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
