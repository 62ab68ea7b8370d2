/**
 * What this device was measured to do, in IndexedDB (its own database, so clearing the model
 * cache keeps them): the cost model's measurements and the WASM thread choice, one record
 * each, validated on the way in and out. Storage is a convenience here:
 * when it is missing, corrupt or refuses a write, predictions start again from the priors, so
 * neither function ever rejects. Nothing but IndexedDB is awaited inside a transaction.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { emptyCostState, type CostState } from './cost-model.ts';
import { parseCostState } from './cost-state-parse.ts';
import { parseThreadChoice, type ThreadChoice } from './thread-choice.ts';

const KEY = 'current';
const THREADS_KEY = 'threads';

interface CostDb extends DBSchema {
  /** `unknown`: what comes back from disk is checked by its parser before use. */
  state: { key: typeof KEY | typeof THREADS_KEY; value: unknown };
}

export const COST_DB_NAME = 'ax-costs';
const DB_VERSION = 1;

let connection: Promise<IDBPDatabase<CostDb>> | undefined;

function open(): Promise<IDBPDatabase<CostDb>> {
  connection ??= openDB<CostDb>(COST_DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      // One step per version: a visitor several versions behind runs every step in order.
      if (oldVersion < 1) database.createObjectStore('state');
    },
    // A newer version opened in another tab waits for this connection: close it, reopen on the next call.
    blocking() {
      const closing = connection;
      connection = undefined;
      void closing?.then((db) => db.close());
    },
    terminated() {
      connection = undefined;
    },
  }).catch((error: unknown) => {
    // Retry on the next call (e.g. a transient failure); a missing IndexedDB throws synchronously instead.
    connection = undefined;
    throw error;
  });
  return connection;
}

/** The stored state, or an empty one when there is none, it is unreadable, or IndexedDB is unavailable. */
export async function loadCostState(): Promise<CostState> {
  try {
    return parseCostState(await (await open()).get('state', KEY)) ?? emptyCostState();
  } catch {
    return emptyCostState();
  }
}

/** Stores the state; a refused write (storage full, no IndexedDB) is reported with `console.warn` and dropped. */
export async function saveCostState(state: CostState): Promise<void> {
  // A plain, validated copy: a Svelte state proxy cannot be structured-cloned, and nothing
  // written here should fail to load.
  const record = parseCostState(state);
  if (!record) {
    console.warn('Cost measurements not saved: the state is not a valid CostState.');
    return;
  }
  try {
    const tx = (await open()).transaction('state', 'readwrite');
    await Promise.all([tx.store.put(record, KEY), tx.done]);
  } catch (error) {
    const name = error instanceof Error || error instanceof DOMException ? error.name : 'Error';
    console.warn(
      name === 'QuotaExceededError'
        ? 'Cost measurements not saved: storage is full. Predictions use this session’s measurements; free space (e.g. delete cached models) to keep them.'
        : `Cost measurements not saved (${name}): IndexedDB is unavailable here. Predictions use this session’s measurements.`,
      error,
    );
  }
}

/** The stored thread choice, or undefined (none, unreadable, or no IndexedDB). */
export async function loadThreadChoice(): Promise<ThreadChoice | undefined> {
  try {
    return parseThreadChoice(await (await open()).get('state', THREADS_KEY));
  } catch {
    return undefined;
  }
}

/** Stores the thread choice; a refused write only means measuring again on the next visit. */
export async function saveThreadChoice(choice: ThreadChoice): Promise<void> {
  const record = parseThreadChoice(choice);
  if (!record) return;
  try {
    const tx = (await open()).transaction('state', 'readwrite');
    await Promise.all([tx.store.put(record, THREADS_KEY), tx.done]);
  } catch (error) {
    console.warn('Thread choice not saved: it will be measured again on the next visit.', error);
  }
}
