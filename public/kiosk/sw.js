// The kiosk's service worker (served as /kiosk/sw.js, scope /kiosk): it keeps the shell — the page,
// its scripts, styles and faces, and the last kiosk configuration — so that a kiosk reloaded or
// restarted while the network is down still shows the rating screen. It never touches a POST:
// ratings live in the page's IndexedDB queue, never in a cache, and nothing cached holds an answer.

const VERSION = '1.1.0';
const CACHE = `hl-kiosk-shell-${VERSION}`;
const SHELL = '/kiosk';
const CONFIG = '/kiosk/api/config';
const ASSETS = [
  '/public/kiosk/kiosk.js',
  '/public/kiosk/kiosk.css',
  '/public/kiosk/model.js',
  '/public/kiosk/queue.js',
  '/public/kiosk/sync.js',
  '/public/kiosk/texts.js',
  '/public/kiosk/uuid.js',
  '/public/kiosk/faces/very-sad.svg',
  '/public/kiosk/faces/sad.svg',
  '/public/kiosk/faces/neutral.svg',
  '/public/kiosk/faces/happy.svg',
  '/public/kiosk/faces/very-happy.svg',
];
/** How long a navigation waits for the network before the cached shell is shown instead. */
const NETWORK_TIMEOUT_MS = 4000;

const worker = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/**
 * Keeps a good answer for the shell or the configuration; a refusal (401, 403) empties the cache.
 * @param {string} key @param {Response} response
 */
async function remember(key, response) {
  const cache = await caches.open(CACHE);
  if (response.status === 200 && !response.redirected && response.type === 'basic') {
    await cache.put(key, response.clone());
  } else if (response.status === 401 || response.status === 403) {
    // Unpaired or revoked: nothing may keep the kiosk running offline.
    await cache.delete(SHELL);
    await cache.delete(CONFIG);
  }
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Past the HTTP cache: a new worker must not keep the previous release's files.
      await cache.addAll(ASSETS.map((url) => new Request(url, { cache: 'reload' })));
      // The page and the configuration need the device cookie, which the browser sends here; they are
      // best effort, since the page caches them again as it runs.
      for (const url of [SHELL, CONFIG]) {
        try {
          await remember(url, await fetch(url, { credentials: 'same-origin', cache: 'no-store' }));
        } catch {
          // Offline during install: kept on the next successful load.
        }
      }
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('hl-kiosk-') && key !== CACHE) await caches.delete(key);
      }
      await worker.clients.claim();
    })(),
  );
});

/** @param {number} ms @returns {Promise<never>} */
function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}

/**
 * Network first (the server knows about revocation and new settings), the cached copy when it fails.
 * @param {FetchEvent} event @param {string} key @param {number} waitMs
 */
async function networkFirst(event, key, waitMs) {
  const fromNetwork = fetch(event.request).then(async (response) => {
    await remember(key, response);
    return response;
  });
  // Let the cache update finish even when the cached copy answered first.
  event.waitUntil(fromNetwork.catch(() => {}));
  try {
    const response = await (waitMs ? Promise.race([fromNetwork, timeout(waitMs)]) : fromNetwork);
    // A proxy's 502 while the app restarts is no reason to leave the rating screen.
    if (response.status >= 500) return (await caches.match(key, { cacheName: CACHE })) ?? response;
    return response;
  } catch {
    const cached = await caches.match(key, { cacheName: CACHE });
    if (cached) return cached;
    return fromNetwork;
  }
}

/** Cached first, refreshed behind, for files that only change with a release. @param {FetchEvent} event */
async function staleWhileRevalidate(event) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(event.request, { ignoreSearch: true });
  const refresh = fetch(event.request).then(async (response) => {
    if (response.status === 200 && response.type === 'basic') await cache.put(event.request, response.clone());
    return response;
  });
  event.waitUntil(refresh.catch(() => {}));
  return cached ?? refresh;
}

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  const path = url.pathname.replace(/\/+$/, '') || '/';

  if (request.mode === 'navigate' && path === SHELL) {
    event.respondWith(networkFirst(event, SHELL, NETWORK_TIMEOUT_MS));
  } else if (path === CONFIG) {
    event.respondWith(networkFirst(event, CONFIG, NETWORK_TIMEOUT_MS));
  } else if (ASSETS.includes(path)) {
    event.respondWith(staleWhileRevalidate(event));
  }
  // Everything else (pairing links, officer photos, the worker itself) goes to the network untouched.
});
