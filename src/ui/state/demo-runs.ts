/**
 * One place for what follows a demo's finished run: the offline status learns the demo ran
 * (its models must now work offline), and a visitor's run (not the attract loop's) is counted.
 */
import { countRun } from './booth-counter.ts';
import { offlineStatus } from './offline-status.svelte.ts';

let lastRunAt = 0;

/** When the last run of any demo finished (`Date.now()`): a kiosk's attract slot starts there. */
export const lastDemoRunAt = (): number => lastRunAt;

export function demoRan(demoId: string, byVisitor: boolean): void {
  lastRunAt = Date.now();
  offlineStatus.noteRun(demoId);
  if (byVisitor) countRun(demoId);
}
