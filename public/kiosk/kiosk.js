// The counter kiosk: one tap on a face records a rating; a low rating asks for reasons; a thank-you,
// then back to the start. No tap is ever turned away: the thank-you stays until the kiosk's minimum
// interval since the last rating has passed (at most thankYouMaxSeconds), so the next citizen's first
// tap counts; a tap that still comes earlier (a long interval, or the start screen after an idle
// reset) is stored all the same and the server flags it, as the kiosk settings page says. The screen never waits for the network: a rating goes to the device's
// IndexedDB queue and sync.js sends it when it can. Between citizens nothing of the previous one
// remains: the screen is rebuilt from scratch, the language returns to Vietnamese, the history is
// never touched (no pushState), and nothing holding answers is ever put in a cache.
import { openQueue, memoryQueue } from './queue.js';
import { ratingModel, words } from './model.js';
import { createSync } from './sync.js';
import { DEVICE_TEXTS, TEXTS } from './texts.js';
import { uuidv7 } from './uuid.js';

export const APP_VERSION = '1.1.0';

const root = /** @type {HTMLElement} */ (document.getElementById('kiosk'));
const CONFIG_URL = root.dataset.configUrl || '/kiosk/api/config';
const RATINGS_URL = root.dataset.ratingsUrl || '/kiosk/api/ratings';
const HEARTBEAT_URL = root.dataset.heartbeatUrl || '/kiosk/api/heartbeat';
const WORKER_URL = root.dataset.swUrl || '/kiosk/sw.js';
const FACES_URL = '/public/kiosk/faces/';
const CONFIG_REFRESH_MS = 5 * 60_000;
const CONFIG_RETRY_MS = 10_000;

/**
 * @typedef {'loading' | 'start' | 'reasons' | 'thanks' | 'revoked' | 'unpaired' | 'unavailable' | 'unsupported'} Step
 * @typedef {{
 *   kiosk: { id: number|string, name: string, servicePoint: { code: string, nameVi: string, nameEn: string|null }, agency: { nameVi: string, nameEn: string|null } },
 *   questionnaire: { code: string, version: number, definition: unknown },
 *   officer: null | { name: string, photoUrl: string|null },
 *   minIntervalSeconds: number, idleSeconds: number, thankYouSeconds: number, thankYouMaxSeconds?: number,
 * }} KioskConfig
 */

const state = {
  /** @type {Step} */ step: 'loading',
  /** @type {'vi'|'en'} */ locale: 'vi',
  /** @type {KioskConfig | null} */ config: null,
  /** @type {import('./model.js').RatingModel | null} */ model: null,
  /** A newer configuration, applied between two citizens. @type {KioskConfig | null} */ pending: null,
  /** The face chosen on the way to the reasons step. @type {number | null} */ face: null,
  /** @type {Set<string|number>} */ reasons: new Set(),
  lastRecordedAt: Number.NEGATIVE_INFINITY,
  /** A new version of the kiosk is installed; reload at the next reset. */
  reloadWhenIdle: false,
};

/** @type {ReturnType<typeof createSync> | null} */
let sync = null;
/** Timers that belong to the current screen; cleared whenever the screen changes. */
const timers = { idle: 0, thanks: 0 };

// ---------------------------------------------------------------------------------------------------
// DOM

/**
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...(Node|string|null|false|undefined|(Node|string|null|false|undefined)[])} children
 */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

const screen = el('div', { class: 'k-screen' });
const staff = el('div', { class: 'k-staff', 'data-queue': '0', 'data-rejected': '0', 'data-online': String(navigator.onLine !== false) });
root.replaceChildren(screen, staff);

const t = () => TEXTS[state.locale];

/** Replaces the whole screen and moves focus to its heading, for screen readers and to drop the keyboard. */
function show(/** @type {Step} */ step, /** @type {(Node | null)[]} */ content) {
  state.step = step;
  const active = document.activeElement;
  if (active instanceof HTMLElement) active.blur();
  screen.className = `k-screen k-${step}`;
  screen.replaceChildren(...content.filter((n) => n !== null));
  const heading = screen.querySelector('h1');
  if (heading instanceof HTMLElement) heading.focus({ preventScroll: true });
  armIdle();
}

function setLanguage(/** @type {'vi'|'en'} */ locale) {
  state.locale = locale;
  document.documentElement.lang = locale;
  const place = state.config ? placeName(state.config, locale) : '';
  document.title = place ? `${TEXTS[locale].title} — ${place}` : TEXTS[locale].title;
}

function placeName(/** @type {KioskConfig} */ c, /** @type {'vi'|'en'} */ locale) {
  const sp = c.kiosk?.servicePoint;
  if (!sp) return '';
  return (locale === 'en' && sp.nameEn) || sp.nameVi || '';
}

function agencyName(/** @type {KioskConfig} */ c, /** @type {'vi'|'en'} */ locale) {
  const a = c.kiosk?.agency;
  if (!a) return '';
  return (locale === 'en' && a.nameEn) || a.nameVi || '';
}

// ---------------------------------------------------------------------------------------------------
// Screens

function header() {
  const c = /** @type {KioskConfig} */ (state.config);
  const other = state.locale === 'vi' ? 'en' : 'vi';
  return el(
    'header',
    { class: 'k-header' },
    el(
      'div',
      { class: 'k-place' },
      el('p', { class: 'k-place-name' }, placeName(c, state.locale)),
      el('p', { class: 'k-agency-name' }, agencyName(c, state.locale)),
    ),
    el('button', { type: 'button', class: 'k-lang', lang: other, 'aria-label': t().switchLabel, onclick: toggleLanguage }, t().switchTo),
  );
}

function officer() {
  const o = state.config?.officer;
  if (!o || !o.name) return null;
  return el(
    'div',
    { class: 'k-officer' },
    o.photoUrl ? el('img', { class: 'k-officer-photo', src: o.photoUrl, alt: '', width: 96, height: 96 }) : null,
    el('p', {}, el('span', { class: 'k-officer-label' }, `${t().officer}: `), el('strong', {}, o.name)),
  );
}

function faceImage(/** @type {string} */ face, /** @type {number} */ size) {
  return el('img', { src: `${FACES_URL}${face}.svg`, alt: '', width: size, height: size, class: 'k-face-img', draggable: 'false' });
}

function renderStart() {
  const m = /** @type {import('./model.js').RatingModel} */ (state.model);
  show('start', [
    header(),
    officer(),
    el('h1', { id: 'k-question', tabindex: '-1' }, words(m.question, state.locale)),
    el(
      'div',
      { class: `k-faces k-faces-${m.faces.length}`, role: 'group', 'aria-labelledby': 'k-question' },
      m.faces.map((f) =>
        el(
          'button',
          { type: 'button', class: `k-face k-face-${f.face}`, 'data-value': String(f.value), onclick: () => onFace(f.value) },
          faceImage(f.face, 160),
          el('span', { class: 'k-face-word' }, words(f, state.locale)),
        ),
      ),
    ),
  ]);
}

function renderReasons(/** @type {{ comment?: string }} */ keep = {}) {
  const m = /** @type {import('./model.js').RatingModel} */ (state.model);
  const r = /** @type {NonNullable<import('./model.js').RatingModel['reasons']>} */ (m.reasons);
  const chosen = m.faces.find((f) => f.value === state.face);
  const chips = r.options.map((o) => {
    const pressed = state.reasons.has(o.value);
    return el(
      'button',
      {
        type: 'button',
        class: 'k-chip',
        'aria-pressed': String(pressed),
        'data-value': String(o.value),
        onclick: (/** @type {Event} */ e) => toggleReason(o.value, /** @type {HTMLElement} */ (e.currentTarget)),
      },
      el('span', { class: 'k-chip-mark', 'aria-hidden': 'true' }),
      words(o, state.locale),
    );
  });
  const comment = m.comment
    ? el(
        'div',
        { class: 'k-comment' },
        el(
          'label',
          { for: 'k-comment-text' },
          `${words(m.comment.question, state.locale)} `,
          el('span', { class: 'k-optional' }, t().commentOptional),
        ),
        // Built anew for every citizen, never restored by the browser: autocomplete off, no name.
        el('textarea', {
          id: 'k-comment-text',
          rows: '4',
          maxlength: String(m.comment.maxLength),
          autocomplete: 'off',
          autocorrect: 'off',
          autocapitalize: 'sentences',
          spellcheck: 'false',
        }),
      )
    : null;
  show('reasons', [
    header(),
    chosen
      ? el(
          'p',
          { class: 'k-chosen' },
          faceImage(chosen.face, 56),
          el('span', {}, `${t().yourRating} `, el('strong', {}, words(chosen, state.locale))),
        )
      : null,
    el('h1', { id: 'k-reasons-question', tabindex: '-1' }, words(r.question, state.locale)),
    el('p', { id: 'k-reasons-hint', class: 'k-hint' }, t().reasonsHint),
    el(
      'div',
      { class: 'k-reasons-body' },
      el('div', { class: 'k-chips', role: 'group', 'aria-labelledby': 'k-reasons-question', 'aria-describedby': 'k-reasons-hint' }, chips),
      el(
        'div',
        { class: 'k-reasons-side' },
        comment,
        el(
          'div',
          { class: 'k-actions' },
          el('button', { type: 'button', class: 'k-back', 'aria-label': t().backLabel, onclick: resetToStart }, t().back),
          el('button', { type: 'button', class: 'k-send', onclick: () => finishReasons(true) }, t().send),
        ),
      ),
    ),
  ]);
  if (keep.comment) {
    const area = screen.querySelector('textarea');
    if (area) area.value = keep.comment;
  }
}

function renderThanks() {
  show('thanks', [
    faceImage('very-happy', 200),
    el('h1', { tabindex: '-1' }, t().thanks),
    el('p', { class: 'k-thanks-more' }, t().thanksMore),
  ]);
}

/** A staff-facing screen, in Vietnamese with its English twin. @param {'revoked'|'unpaired'|'unavailable'|'unsupported'} kind */
function renderDevice(kind) {
  setLanguage('vi');
  const texts = DEVICE_TEXTS[kind];
  show(kind, [
    el('h1', { tabindex: '-1' }, texts.vi.title),
    el('p', { class: 'k-device-body' }, texts.vi.body),
    el('div', { lang: 'en', class: 'k-device-en' }, el('h2', {}, texts.en.title), el('p', { class: 'k-device-body' }, texts.en.body)),
  ]);
}

function renderLoading() {
  show('loading', [el('p', { class: 'k-loading', role: 'status' }, t().loading)]);
}

/** @param {import('./sync.js').SyncStatus} s */
function renderStaff(s) {
  const tx = t();
  staff.dataset['queue'] = String(s.queued);
  staff.dataset['rejected'] = String(s.rejected);
  staff.dataset['online'] = String(s.online);
  const parts = [
    el('span', { class: `k-dot ${s.online ? 'k-dot-on' : 'k-dot-off'}`, 'aria-hidden': 'true' }),
    el('span', {}, s.online ? tx.online : tx.offline),
    el('span', {}, ` · ${tx.queued}: `, el('strong', { class: 'k-queue-length' }, String(s.queued))),
  ];
  if (s.rejected > 0) parts.push(el('span', {}, ` · ${tx.rejected}: `, el('strong', {}, String(s.rejected))));
  staff.replaceChildren(...parts);
}

// ---------------------------------------------------------------------------------------------------
// Behaviour

function clearTimers() {
  clearTimeout(timers.thanks);
  timers.thanks = 0;
}

/** Any touch or key restarts the idle countdown of the rating screens. */
function armIdle() {
  clearTimeout(timers.idle);
  timers.idle = 0;
  if (state.step !== 'start' && state.step !== 'reasons' && state.step !== 'thanks') return;
  const seconds = Number(state.config?.idleSeconds) > 0 ? Number(state.config?.idleSeconds) : 60;
  timers.idle = window.setTimeout(onIdle, seconds * 1000);
}

function onIdle() {
  // A low rating already tapped is a rating: keep it with the reasons picked, but not a comment the
  // citizen never sent.
  if (state.step === 'reasons') finishReasons(false);
  else resetToStart();
}

/** Back to the start for the next citizen, with nothing of the previous one. */
function resetToStart() {
  clearTimers();
  if (state.reloadWhenIdle) {
    // A reload adds no history entry; the queue is in IndexedDB and the shell in the new cache.
    window.location.reload();
    return;
  }
  state.face = null;
  state.reasons = new Set();
  if (state.pending) applyConfig(state.pending);
  setLanguage('vi');
  if (state.model) renderStart();
}

function toggleLanguage() {
  const area = screen.querySelector('textarea');
  const comment = area ? area.value : '';
  setLanguage(state.locale === 'vi' ? 'en' : 'vi');
  if (state.step === 'reasons') renderReasons({ comment });
  else renderStart();
}

function minIntervalMs() {
  const s = Number(state.config?.minIntervalSeconds);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : 5000;
}

/** Every tap is a rating: the device never refuses one (the server flags those inside the interval). */
function onFace(/** @type {number} */ value) {
  const m = /** @type {import('./model.js').RatingModel} */ (state.model);
  if (m.reasons && m.reasons.when.includes(value)) {
    state.face = value;
    state.reasons = new Set();
    renderReasons();
    return;
  }
  record({ [m.ratingCode]: value }, '');
  thank();
}

function toggleReason(/** @type {string|number} */ value, /** @type {HTMLElement} */ button) {
  const r = state.model?.reasons;
  if (!r) return;
  if (state.reasons.has(value)) state.reasons.delete(value);
  else if (state.reasons.size < r.max) state.reasons.add(value);
  button.setAttribute('aria-pressed', String(state.reasons.has(value)));
}

function finishReasons(/** @type {boolean} */ sent) {
  const m = state.model;
  if (!m || state.face === null) return resetToStart();
  /** @type {Record<string, unknown>} */
  const answers = { [m.ratingCode]: state.face };
  if (m.reasons && state.reasons.size > 0) {
    // In the definition's order, whatever order the chips were tapped in.
    answers[m.reasons.code] = m.reasons.options.map((o) => o.value).filter((v) => state.reasons.has(v));
  }
  const area = screen.querySelector('textarea');
  const comment = sent && area ? area.value.trim() : '';
  record(answers, comment);
  if (sent) thank();
  else resetToStart();
}

/** Queues one rating. The citizen is thanked at once; the write and the send happen behind. */
function record(/** @type {Record<string, unknown>} */ answers, /** @type {string} */ comment) {
  const now = Date.now();
  state.lastRecordedAt = now;
  const id = uuidv7(now);
  const body = JSON.stringify({
    id,
    submitted_at: new Date(now).toISOString(),
    locale: state.locale,
    // The version on screen: a rating queued offline across a new version is still checked (and
    // recognised on a retry) against the questions the citizen saw.
    version: state.config?.questionnaire?.version,
    answers,
    ...(comment ? { comment: comment.normalize('NFC') } : {}),
  });
  void sync?.enqueue({ id, body });
}

/**
 * The thank-you lasts its 3–5 s, or longer until the minimum interval since this rating has passed
 * (so that the next citizen's first tap on the start screen counts), but never past
 * thankYouMaxSeconds: a kiosk set to a long interval does not keep the next citizen waiting.
 */
function thank() {
  renderThanks();
  const seconds = Math.min(5, Math.max(3, Number(state.config?.thankYouSeconds) || 4));
  const max = Number(state.config?.thankYouMaxSeconds);
  const longest = (Number.isFinite(max) && max >= seconds ? max : 10) * 1000;
  const untilCounted = minIntervalMs() - (Date.now() - state.lastRecordedAt);
  timers.thanks = window.setTimeout(resetToStart, Math.max(seconds * 1000, Math.min(untilCounted, longest)));
}

/** @param {'revoked'|'unpaired'} kind */
async function deviceStopped(kind) {
  clearTimers();
  clearTimeout(timers.idle);
  sync?.stop();
  state.config = null;
  state.model = null;
  state.pending = null;
  // A revoked or unpaired device must not keep working offline from cached settings. The queue is
  // kept: the ratings in it were given by citizens and go out if the device is paired again.
  try {
    for (const key of await caches.keys()) if (key.startsWith('hl-kiosk')) await caches.delete(key);
  } catch {
    // No Cache API: nothing cached either.
  }
  renderDevice(kind);
}

// ---------------------------------------------------------------------------------------------------
// Configuration

/** @returns {Promise<{ kind: 'ok', config: KioskConfig } | { kind: 'revoked' | 'unpaired' | 'unavailable' }>} */
async function loadConfig() {
  try {
    const res = await fetch(CONFIG_URL, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
    if (res.ok) return { kind: 'ok', config: await res.json() };
    // Only our server's own word stops the kiosk; a proxy's 403 falls back to the cached settings.
    const code = await res
      .json()
      .then((b) => b?.error?.code)
      .catch(() => null);
    if (code === 'HL_KIOSK_UNPAIRED') return { kind: 'unpaired' };
    if (code === 'HL_KIOSK_REVOKED') return { kind: 'revoked' };
  } catch {
    // Offline or the server is down: fall back to the last configuration the worker kept.
  }
  try {
    const cached = await caches.match(CONFIG_URL);
    if (cached) return { kind: 'ok', config: await cached.json() };
  } catch {
    // No cache: nothing to start from.
  }
  return { kind: 'unavailable' };
}

/** @param {KioskConfig} config */
function applyConfig(config) {
  state.config = config;
  state.model = ratingModel(config?.questionnaire?.definition);
  state.pending = null;
}

async function refreshConfig() {
  // A kiosk page may run for weeks without a navigation, which is when browsers look for a new
  // service worker: ask now and then.
  void navigator.serviceWorker
    ?.getRegistration('/kiosk')
    .then((r) => r?.update())
    .catch(() => {});
  const result = await loadConfig();
  if (result.kind === 'revoked' || result.kind === 'unpaired') return deviceStopped(result.kind);
  if (result.kind !== 'ok') return;
  // The start screen holds nothing of a citizen, so it can be rebuilt; elsewhere wait for the reset.
  if (state.step === 'start') {
    applyConfig(result.config);
    if (!state.model) return renderDevice('unsupported');
    renderStart();
  } else {
    state.pending = result.config;
  }
}

async function startKiosk() {
  const result = await loadConfig();
  if (result.kind === 'revoked' || result.kind === 'unpaired') return deviceStopped(result.kind);
  if (result.kind !== 'ok') {
    renderDevice('unavailable');
    const retry = () => {
      window.removeEventListener('online', retry);
      clearTimeout(timer);
      void startKiosk();
    };
    const timer = window.setTimeout(retry, CONFIG_RETRY_MS);
    window.addEventListener('online', retry);
    return;
  }
  applyConfig(result.config);
  if (!state.model) return renderDevice('unsupported');

  let queue;
  try {
    queue = await openQueue();
  } catch {
    queue = memoryQueue();
  }
  sync = createSync({
    queue,
    ratingsUrl: RATINGS_URL,
    heartbeatUrl: HEARTBEAT_URL,
    appVersion: APP_VERSION,
    onStatus: renderStaff,
    onDevice: (kind) => void deviceStopped(kind),
  });
  sync.start();
  window.setInterval(() => void refreshConfig(), CONFIG_REFRESH_MS);
  resetToStart();
}

function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  // A new release took over (not the first install): load it between two citizens.
  if (navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      state.reloadWhenIdle = true;
    });
  }
  // Scope "/kiosk" (not the default "/kiosk/") so that the shell URL itself is controlled; the server
  // allows it with a Service-Worker-Allowed header. Without the header, fall back to the default.
  navigator.serviceWorker
    .register(WORKER_URL, { scope: '/kiosk' })
    .catch(() => navigator.serviceWorker.register(WORKER_URL))
    .catch(() => {});
}

for (const type of ['pointerdown', 'keydown', 'input']) document.addEventListener(type, armIdle, { capture: true, passive: true });
// Long presses must not open a context menu over the faces.
document.addEventListener('contextmenu', (e) => e.preventDefault());
// A page restored from the back/forward cache starts over like any other.
window.addEventListener('pageshow', (e) => {
  if (e.persisted && state.model) resetToStart();
});

setLanguage('vi');
renderLoading();
renderStaff({ queued: 0, rejected: 0, online: navigator.onLine !== false, sending: false });
registerWorker();
void startKiosk();
