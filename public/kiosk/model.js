// What the kiosk needs from a questionnaire definition: the one rating question on a faces scale,
// the reasons asked when the rating is low, and the free comment. Anything else (a full SIPAS
// questionnaire) is not a kiosk questionnaire, and the kiosk says so instead of guessing.

/** Default faces by number of options, for a scale whose options do not name their face. */
const FACES_BY_COUNT = {
  2: ['sad', 'happy'],
  3: ['sad', 'neutral', 'happy'],
  4: ['sad', 'neutral', 'happy', 'very-happy'],
  5: ['very-sad', 'sad', 'neutral', 'happy', 'very-happy'],
};
const KNOWN_FACES = new Set(FACES_BY_COUNT[5]);
const COMMENT_MAX = 500;

/**
 * @typedef {{ vi: string, en?: string }} Words
 * @typedef {Words & { value: number, face: string }} Face
 * @typedef {Words & { value: string | number }} Reason
 * @typedef {{
 *   ratingCode: string, question: Words, faces: Face[],
 *   reasons: null | { code: string, question: Words, options: Reason[], max: number, when: (string|number)[] },
 *   comment: null | { question: Words, maxLength: number },
 * }} RatingModel
 */

const isWords = (/** @type {any} */ o) => o && typeof o.vi === 'string' && o.vi.length > 0;

/** @param {unknown} def @returns {RatingModel | null} */
export function ratingModel(def) {
  const d = /** @type {any} */ (def);
  if (!d || typeof d !== 'object' || !Array.isArray(d.questions) || !d.scales || typeof d.scales !== 'object') return null;
  const rating = d.questions.find((/** @type {any} */ q) => q && q.type === 'scale' && d.scales[q.scale] && isWords(q));
  if (!rating) return null;
  const options = (d.scales[rating.scale].options ?? []).filter((/** @type {any} */ o) => typeof o?.value === 'number' && isWords(o));
  const defaults = FACES_BY_COUNT[/** @type {2|3|4|5} */ (options.length)];
  if (!defaults) return null;
  const faces = options.map((/** @type {any} */ o, /** @type {number} */ i) => ({
    value: o.value,
    vi: o.vi,
    en: o.en,
    face: KNOWN_FACES.has(o.face) ? o.face : defaults[i],
  }));

  const r = d.questions.find(
    (/** @type {any} */ q) => q && q.type === 'multi' && q.askWhen?.question === rating.code && Array.isArray(q.options) && isWords(q),
  );
  const reasons = r
    ? {
        code: r.code,
        question: { vi: r.vi, en: r.en },
        options: r.options.filter(isWords).map((/** @type {any} */ o) => ({ value: o.value, vi: o.vi, en: o.en })),
        max: typeof r.max === 'number' && r.max > 0 ? r.max : r.options.length,
        when: Array.isArray(r.askWhen.in) ? r.askWhen.in : [],
      }
    : null;

  const c = d.questions.find((/** @type {any} */ q) => q && q.type === 'text' && isWords(q));
  const comment = c
    ? { question: { vi: c.vi, en: c.en }, maxLength: Math.min(typeof c.maxLength === 'number' ? c.maxLength : COMMENT_MAX, COMMENT_MAX) }
    : null;

  return { ratingCode: rating.code, question: { vi: rating.vi, en: rating.en }, faces, reasons, comment };
}

/** The words in the citizen's language, Vietnamese when no translation exists. @param {Words} w @param {'vi'|'en'} locale */
export function words(w, locale) {
  return locale === 'en' && w.en ? w.en : w.vi;
}
