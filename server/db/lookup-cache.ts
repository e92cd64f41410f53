// A second's memory of the look-ups every submission and every survey page repeats: its API token,
// its place, its questionnaire version and campaign; and a lasting memory of what never changes
// (published questionnaire versions). Under load these are the same few rows thousands of times a
// second, and on a VM each round trip costs the app more CPU than the rest of its work on the
// response. Writes to those tables in this process forget the second's memory at once; another
// process (the CLI) is seen within the second.
const TTL_MS = 1000;
const MAX_ENTRIES = 10_000;

interface Entry {
  value: unknown;
  expires: number;
  generation: number;
}

// Per database (tests run several apps in one process); keyed by the Kysely instance.
const caches = new WeakMap<object, Map<string, Entry>>();
const lasting = new WeakMap<object, Map<string, unknown>>();
let generation = 0;

/**
 * load()'s value for this database and key, remembered for a second. `undefined` (not found) is not
 * remembered, so something created a moment ago is found at once.
 */
export async function remembered<V>(db: object, key: string, load: () => Promise<V>): Promise<V> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expires > now && hit.generation === generation) return hit.value as V;
  const asked = generation;
  const value = await load();
  if (value !== undefined && asked === generation) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, { value, expires: now + TTL_MS, generation: asked });
  }
  return value;
}

/** Called by every write to agencies, service points, campaigns and API tokens. */
export function forgetLookups(): void {
  generation++;
}

/**
 * load()'s value for this database and key, kept for the life of the process: only for rows that
 * never change once written (a published questionnaire version, invariant 3). `undefined` is not
 * kept. Few such rows exist, so nothing is ever evicted.
 */
export async function kept<V>(db: object, key: string, load: () => Promise<V>): Promise<V> {
  let cache = lasting.get(db);
  if (!cache) {
    cache = new Map();
    lasting.set(db, cache);
  }
  if (cache.has(key)) return cache.get(key) as V;
  const value = await load();
  if (value !== undefined && !cache.has(key)) cache.set(key, value);
  return (cache.get(key) as V | undefined) ?? value;
}
