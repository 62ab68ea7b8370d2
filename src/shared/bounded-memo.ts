/**
 * Answers kept by key, at most `size` of them: when full it forgets them all. A caller
 * sending endless new keys costs one clear per `size` keys, never memory; the few keys a
 * server really sees come back after one miss each. Used where recomputing costs a tiny
 * request's budget (a Host header's URL parse, a request header's JSON.parse).
 */
export class BoundedMemo<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(readonly size: number) {}

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Keeps `value` for `key` and returns it. */
  set(key: K, value: V): V {
    if (this.#entries.size >= this.size) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}
