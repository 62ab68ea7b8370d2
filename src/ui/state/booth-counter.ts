/**
 * The exhibitor's booth counter: runs per demo, counted on this device only (no personal
 * data, just a number per demo), kept across reloads, exportable as CSV.
 */
const KEY = 'ax.boothCounts';

export type BoothCounts = Record<string, number>;

export function readCounts(): BoothCounts {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as BoothCounts) : {};
  } catch {
    return {};
  }
}

export function countRun(demoId: string): void {
  const counts = readCounts();
  counts[demoId] = (counts[demoId] ?? 0) + 1;
  try {
    localStorage.setItem(KEY, JSON.stringify(counts));
  } catch {
    // Storage full or disabled: the demo still works, the count is lost.
  }
}

export function resetCounts(): void {
  localStorage.removeItem(KEY);
}

/** `demo,runs` rows; quoted so any id is safe in a spreadsheet. */
export function countsCsv(counts: BoothCounts, demoIds: readonly string[]): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return ['demo,runs', ...demoIds.map((id) => `${quote(id)},${counts[id] ?? 0}`)].join('\n') + '\n';
}
