// Sends the outbox to the server, whatever the network does. One drain at a time, oldest first; a
// record leaves the queue only when the server has confirmed it by id (201 created, 200 replayed), so
// a connection cut mid-request leaves it queued and the retry is recognised as a replay. Failures back
// off exponentially with jitter (so that a room of kiosks coming back online does not stampede), and
// the drain restarts on the `online` event, on a timer, on every new rating and on every heartbeat.
// A rating the server refuses for good (a 4xx other than the few that mean "later") moves aside,
// kept on the device, counted in the status and reported at every heartbeat, so that one bad rating
// never blocks the ratings behind it; a 5xx (the database away) is retried.

const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 30_000;
const SWEEP_MS = 20_000;
const HEARTBEAT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 20_000;
const BATCH = 25;

/**
 * @typedef {'revoked' | 'unpaired'} DeviceState
 * @typedef {{ queued: number, rejected: number, online: boolean, sending: boolean }} SyncStatus
 * @typedef {{ kind: 'stored' } | { kind: 'refused', status: number, reason: string } | { kind: 'device', state: DeviceState } | { kind: 'retry' }} SendResult
 */

/** The error code of a JSON error body ({"error": {"code"}}), or ''. @param {Response} res */
async function errorCode(res) {
  try {
    const body = await res.json();
    return typeof body?.error?.code === 'string' ? body.error.code : '';
  } catch {
    return '';
  }
}

/**
 * A device-level answer (unpaired, revoked) to any of our requests, or null. Only our server's own
 * codes count: a proxy's or a captive portal's 401/403 is a network problem, retried like one.
 * @param {Response} res @returns {Promise<DeviceState | null>}
 */
async function deviceState(res) {
  if (res.status !== 401 && res.status !== 403) return null;
  const code = await errorCode(res.clone());
  if (code === 'HL_KIOSK_UNPAIRED') return 'unpaired';
  if (code === 'HL_KIOSK_REVOKED') return 'revoked';
  return null;
}

/**
 * Whether an answer means the rating can never be stored as it is. A 4xx does, except those that
 * mean "not now": a proxy's or captive portal's 401, 403 or 407 (our own device answers were
 * handled before), 408 timeout, 425 too early, 429 too many requests.
 * @param {number} status
 */
export function refusedForGood(status) {
  return status >= 400 && status < 500 && ![401, 403, 407, 408, 425, 429].includes(status);
}

/**
 * @param {{
 *   queue: import('./queue.js').Queue,
 *   ratingsUrl: string,
 *   heartbeatUrl: string,
 *   appVersion: string,
 *   onStatus: (s: SyncStatus) => void,
 *   onDevice: (state: DeviceState) => void,
 * }} opts
 */
export function createSync(opts) {
  const { queue } = opts;
  /** Ratings IndexedDB refused to store (quota, broken profile): kept in memory and sent from there. */
  /** @type {{ id: string, body: string, queuedAt: string, attempts: number }[]} */
  const unsaved = [];
  /** @type {Promise<void> | null} */
  let draining = null;
  let again = false;
  let failures = 0;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let retryTimer = null;
  /** @type {ReturnType<typeof setInterval>[]} */
  let intervals = [];
  let stopped = false;
  let reachable = true;

  const online = () => navigator.onLine !== false && reachable;

  async function report() {
    let queued = unsaved.length;
    let rejected = 0;
    try {
      queued += await queue.count();
      rejected = await queue.rejectedCount();
    } catch {
      // The indicator is best effort; the queue itself is what matters.
    }
    opts.onStatus({ queued, rejected, online: online(), sending: draining !== null });
  }

  /** @param {{ id: string, body: string }} rec @returns {Promise<SendResult>} */
  async function send(rec) {
    let res;
    try {
      res = await fetch(opts.ratingsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: rec.body,
        credentials: 'same-origin',
        cache: 'no-store',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      reachable = false;
      return { kind: 'retry' };
    }
    reachable = true;
    if (res.status === 200 || res.status === 201) {
      // Only our server's confirmation of this very id counts: a captive portal's 200 page must not
      // make a rating leave the queue.
      try {
        const body = await res.json();
        if (body?.id === rec.id) return { kind: 'stored' };
      } catch {
        // Not JSON: not a confirmation.
      }
      return { kind: 'retry' };
    }
    const device = await deviceState(res);
    if (device) return { kind: 'device', state: device };
    if (refusedForGood(res.status)) {
      // Sending the same bytes again can never succeed: kept aside for staff instead of retried forever.
      const reason = (await res.text().catch(() => '')).slice(0, 2000);
      return { kind: 'refused', status: res.status, reason };
    }
    return { kind: 'retry' };
  }

  function scheduleRetry() {
    failures += 1;
    const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(failures - 1, 16));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void kick();
    }, delay);
  }

  /** Moves memory-only ratings into IndexedDB when it works again. */
  async function saveUnsaved() {
    while (unsaved.length > 0) {
      try {
        await queue.add(unsaved[0]);
      } catch {
        return;
      }
      unsaved.shift();
    }
  }

  /** @returns {Promise<boolean>} false when the drain must stop (network down, device refused) */
  async function sendOne(/** @type {import('./queue.js').QueuedRating} */ rec, /** @type {boolean} */ inMemory) {
    const result = await send(rec);
    if (result.kind === 'stored') {
      if (inMemory) unsaved.splice(unsaved.indexOf(rec), 1);
      else await queue.remove(rec.id);
    } else if (result.kind === 'refused') {
      if (inMemory) unsaved.splice(unsaved.indexOf(rec), 1);
      await queue.reject(rec, result.status, result.reason).catch(() => {});
    } else if (result.kind === 'device') {
      stop();
      opts.onDevice(result.state);
      return false;
    } else {
      if (!inMemory) await queue.attempted(rec).catch(() => {});
      scheduleRetry();
      return false;
    }
    failures = 0;
    await report();
    return true;
  }

  async function drain() {
    await saveUnsaved();
    for (const rec of [...unsaved]) {
      if (stopped || !(await sendOne(rec, true))) return;
    }
    for (;;) {
      again = false;
      const batch = await queue.oldest(BATCH);
      if (batch.length === 0) return;
      for (const rec of batch) {
        if (stopped || !(await sendOne(rec, false))) return;
      }
    }
  }

  /** Starts a drain, or asks the running one to look again when it finishes. */
  function kick() {
    if (stopped) return Promise.resolve();
    if (navigator.onLine === false) {
      void report();
      return Promise.resolve();
    }
    if (draining) {
      again = true;
      return draining;
    }
    draining = drain()
      .catch(() => scheduleRetry())
      .finally(() => {
        draining = null;
        void report();
        if (again && !stopped && !retryTimer) {
          again = false;
          void kick();
        }
      });
    void report();
    return draining;
  }

  async function heartbeat() {
    if (stopped) return;
    let queueLength = unsaved.length;
    /** @type {number | undefined} */
    let rejectedCount;
    try {
      queueLength += await queue.count();
      rejectedCount = await queue.rejectedCount();
    } catch {
      // Report what we know.
    }
    try {
      const res = await fetch(opts.heartbeatUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ appVersion: opts.appVersion, queueLength, rejectedCount }),
        credentials: 'same-origin',
        cache: 'no-store',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      reachable = true;
      const device = await deviceState(res);
      if (device) {
        stop();
        opts.onDevice(device);
        return;
      }
      if (res.ok && queueLength > 0 && !retryTimer) void kick();
    } catch {
      reachable = false;
    }
    void report();
  }

  function onOnline() {
    // The network is back: retry now rather than at the end of a long backoff.
    failures = 0;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    reachable = true;
    void kick();
    void heartbeat();
  }

  function onOffline() {
    void report();
  }

  function start() {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    intervals = [
      setInterval(() => {
        if (!retryTimer) void kick();
      }, SWEEP_MS),
      setInterval(() => void heartbeat(), HEARTBEAT_MS),
    ];
    void heartbeat();
    void kick();
  }

  function stop() {
    stopped = true;
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    for (const i of intervals) clearInterval(i);
    intervals = [];
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  }

  return {
    start,
    stop,
    /**
     * Queues a rating: written to IndexedDB first, then sent. Resolves once it is stored on the
     * device (not when the server has it: the citizen never waits for the network).
     * @param {{ id: string, body: string }} rating
     */
    async enqueue(rating) {
      try {
        await queue.add(rating);
      } catch {
        unsaved.push({ ...rating, queuedAt: new Date().toISOString(), attempts: 0 });
      }
      void report();
      void kick();
    },
    /** Sends what is queued now (used after a configuration refresh shows the server is back). */
    kick,
    report,
  };
}
