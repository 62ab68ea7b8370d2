/**
 * Which cached models to evict so a new one fits: least recently used first, never one in
 * use. Pure, so the choice is unit-tested without a browser.
 */
export interface Evictable {
  id: string;
  bytes: number;
  lastUsed: number;
}

export interface EvictionPlan {
  /** Ids to delete, oldest use first. */
  evict: string[];
  /** False when even evicting everything evictable leaves too little room: run from memory. */
  fits: boolean;
}

/**
 * @param free bytes the origin can still use (quota − usage)
 * @param needed bytes the new model takes (plus the caller's safety margin)
 */
export function planEviction(entries: readonly Evictable[], needed: number, free: number, inUse: ReadonlySet<string>): EvictionPlan {
  if (needed <= free) return { evict: [], fits: true };
  const candidates = entries.filter((e) => !inUse.has(e.id)).sort((a, b) => a.lastUsed - b.lastUsed);
  const reclaimable = candidates.reduce((sum, e) => sum + e.bytes, 0);
  // Evicting cannot make it fit: keep everything and run from memory instead.
  if (free + reclaimable < needed) return { evict: [], fits: false };
  const evict: string[] = [];
  let room = free;
  for (const entry of candidates) {
    if (room >= needed) break;
    evict.push(entry.id);
    room += entry.bytes;
  }
  return { evict, fits: true };
}
