/**
 * The model cache in IndexedDB, through idb's typed schema. Small records (`entries`) are
 * kept apart from the weights (`files`) so listing the cache never loads megabytes.
 * Both stores change in one transaction, so an entry never exists without its file.
 * Nothing but IndexedDB is awaited inside a transaction (idb's README).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CacheEntry } from '../shared/protocol.ts';

interface ModelDb extends DBSchema {
  entries: { key: string; value: CacheEntry; indexes: { 'by-last-used': number } };
  files: { key: string; value: Blob };
}

export const DB_NAME = 'ax-models';
const DB_VERSION = 1;

let db: Promise<IDBPDatabase<ModelDb>> | undefined;

function open(): Promise<IDBPDatabase<ModelDb>> {
  db ??= openDB<ModelDb>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      // One step per version: a visitor several versions behind runs every step in order.
      if (oldVersion < 1) {
        database.createObjectStore('entries', { keyPath: 'id' }).createIndex('by-last-used', 'lastUsed');
        database.createObjectStore('files');
      }
    },
  });
  return db;
}

export async function getEntry(id: string): Promise<CacheEntry | undefined> {
  return (await open()).get('entries', id);
}

export async function readFile(id: string): Promise<Blob | undefined> {
  return (await open()).get('files', id);
}

/** Entries, least recently used first. */
export async function listEntries(): Promise<CacheEntry[]> {
  return (await open()).getAllFromIndex('entries', 'by-last-used');
}

/**
 * Stores a model, deleting `evict` in the same transaction: if the browser refuses the write
 * (QuotaExceededError) the transaction aborts and the evicted models are still there.
 */
export async function putModel(entry: CacheEntry, file: Blob, evict: readonly string[] = []): Promise<void> {
  const tx = (await open()).transaction(['entries', 'files'], 'readwrite');
  const files = tx.objectStore('files');
  const entries = tx.objectStore('entries');
  await Promise.all([...evict.flatMap((id) => [files.delete(id), entries.delete(id)]), files.put(file, entry.id), entries.put(entry), tx.done]);
}

export async function deleteModel(id: string): Promise<void> {
  const tx = (await open()).transaction(['entries', 'files'], 'readwrite');
  await Promise.all([tx.objectStore('files').delete(id), tx.objectStore('entries').delete(id), tx.done]);
}

export async function deleteAll(): Promise<void> {
  const tx = (await open()).transaction(['entries', 'files'], 'readwrite');
  await Promise.all([tx.objectStore('files').clear(), tx.objectStore('entries').clear(), tx.done]);
}

export async function touch(id: string, when: number): Promise<void> {
  const tx = (await open()).transaction('entries', 'readwrite');
  const entry = await tx.store.get(id);
  if (entry) await tx.store.put({ ...entry, lastUsed: when });
  await tx.done;
}
