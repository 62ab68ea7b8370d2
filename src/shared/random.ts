/**
 * A seeded generator (mulberry32) so the browser and Node produce the same "random" inputs
 * when a test compares backends, and the Lab can reproduce a run from its seed.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` floats uniformly in [lo, hi), reproducible from `seed`. */
export function seededFloats(seed: number, count: number, lo = 0, hi = 1): Float32Array {
  const next = seededRandom(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * next();
  return out;
}
