// The device's outbox, in IndexedDB so that it survives reloads, crashes and power cuts. A rating is
// written here before anything is sent, and leaves only when the server has confirmed it (or has
// refused it for good, when it moves to "rejected" for staff to see). Records hold the exact JSON body
// to send, so every retry sends the same bytes and the server recognises a replay.

const DB_NAME = 'hl-kiosk';
const DB_VERSION = 1;
const QUEUE = 'queue';
const REJECTED = 'rejected';

/** @template T @param {IDBRequest<T>} req @returns {Promise<T>} */
function done(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** @param {IDBTransaction} tx @returns {Promise<void>} */
function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/** @returns {Promise<IDBDatabase>} */
function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      // Keyed by the uuid v7 id: key order is time order, so the oldest rating goes first.
      if (!db.objectStoreNames.contains(QUEUE)) db.createObjectStore(QUEUE, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(REJECTED)) db.createObjectStore(REJECTED, { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab'));
  });
}

/**
 * @typedef {{ id: string, body: string, queuedAt: string, attempts: number }} QueuedRating
 * @typedef {QueuedRating & { status: number, rejectedAt: string, reason: string }} RejectedRating
 */

export async function openQueue() {
  const db = await open();

  /** @param {string[]} stores @param {IDBTransactionMode} mode @param {IDBTransactionOptions} [opts] */
  const tx = (stores, mode, opts) => db.transaction(stores, mode, opts);

  return {
    /**
     * Stores a rating durably: 'strict' asks the browser to flush to disk before reporting success,
     * because the citizen has already been thanked.
     * @param {{ id: string, body: string }} rating
     */
    async add(rating) {
      const t = tx([QUEUE], 'readwrite', { durability: 'strict' });
      t.objectStore(QUEUE).add({ id: rating.id, body: rating.body, queuedAt: new Date().toISOString(), attempts: 0 });
      await committed(t);
    },

    /** The oldest records, at most `limit`. @param {number} limit @returns {Promise<QueuedRating[]>} */
    async oldest(limit) {
      const t = tx([QUEUE], 'readonly');
      return done(t.objectStore(QUEUE).getAll(null, limit));
    },

    /** A removal lost in a crash only means one more send, which the server answers as a replay. @param {string} id */
    async remove(id) {
      const t = tx([QUEUE], 'readwrite');
      t.objectStore(QUEUE).delete(id);
      await committed(t);
    },

    /** Counts one more failed attempt, for staff diagnosis. @param {QueuedRating} rec */
    async attempted(rec) {
      const t = tx([QUEUE], 'readwrite');
      const store = t.objectStore(QUEUE);
      const current = await done(store.get(rec.id));
      if (current) store.put({ ...current, attempts: (current.attempts ?? 0) + 1 });
      await committed(t);
    },

    /**
     * Moves a record the server refused for good (a 4xx, see sync.js) out of the queue, in one transaction so
     * that it is never in both stores or in neither.
     * @param {QueuedRating} rec @param {number} status @param {string} reason
     */
    async reject(rec, status, reason) {
      const t = tx([QUEUE, REJECTED], 'readwrite', { durability: 'strict' });
      t.objectStore(REJECTED).put({ ...rec, status, reason, rejectedAt: new Date().toISOString() });
      t.objectStore(QUEUE).delete(rec.id);
      await committed(t);
    },

    /** @returns {Promise<number>} */
    async count() {
      return done(tx([QUEUE], 'readonly').objectStore(QUEUE).count());
    },

    /** @returns {Promise<number>} */
    async rejectedCount() {
      return done(tx([REJECTED], 'readonly').objectStore(REJECTED).count());
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof openQueue>>} Queue */

/**
 * The same interface kept in memory, for a browser profile where IndexedDB cannot be opened: the
 * kiosk still rates and sends, but a reload loses what was not yet sent, so the indicator shows it.
 * @returns {Queue & { volatile: true }}
 */
export function memoryQueue() {
  /** @type {Map<string, QueuedRating>} */
  const queued = new Map();
  /** @type {Map<string, RejectedRating>} */
  const rejected = new Map();
  return {
    volatile: true,
    async add(rating) {
      if (!queued.has(rating.id))
        queued.set(rating.id, { id: rating.id, body: rating.body, queuedAt: new Date().toISOString(), attempts: 0 });
    },
    async oldest(limit) {
      return [...queued.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit);
    },
    async remove(id) {
      queued.delete(id);
    },
    async attempted(rec) {
      const current = queued.get(rec.id);
      if (current) current.attempts += 1;
    },
    async reject(rec, status, reason) {
      rejected.set(rec.id, { ...rec, status, reason, rejectedAt: new Date().toISOString() });
      queued.delete(rec.id);
    },
    async count() {
      return queued.size;
    },
    async rejectedCount() {
      return rejected.size;
    },
  };
}
