// Every screen is Vietnamese by default with English (invariant 7). Each area keeps its messages in
// messages/<area>.ts; the English catalogue must have every Vietnamese key (checked by the compiler).
import core from './messages/core.ts';
import auth from './messages/auth.ts';
import users from './messages/users.ts';
import agencies from './messages/agencies.ts';
import questionnaires from './messages/questionnaires.ts';
import tokens from './messages/tokens.ts';
import cli from './messages/cli.ts';
import intake from './messages/intake.ts';
import servicePoints from './messages/service-points.ts';
import paper from './messages/paper.ts';
import survey from './messages/survey.ts';
import kiosk from './messages/kiosk.ts';
import results from './messages/results.ts';
import exportsMessages from './messages/exports.ts';
import exportPdf from './messages/export-pdf.ts';
import exportCsv from './messages/export-csv.ts';
import exportXlsx from './messages/export-xlsx.ts';
import targets from './messages/targets.ts';
import methodology from './messages/methodology.ts';
import agencyResults from './messages/agency-results.ts';
import dashboards from './messages/dashboards.ts';
import publicResults from './messages/public-results.ts';
import dropOff from './messages/drop-off.ts';
import overviewMessages from './messages/overview.ts';
import comments from './messages/comments.ts';
import plans from './messages/plans.ts';
import flags from './messages/flags.ts';
import publicCards from './messages/public-cards.ts';
import reliability from './messages/reliability.ts';
import coordinator from './messages/coordinator.ts';
import campaigns from './messages/campaigns.ts';
import agencyAdmin from './messages/agency-admin.ts';
import served from './messages/served.ts';
import indexRules from './messages/index-rules.ts';

export type Locale = 'vi' | 'en';
// Every area's catalogue, listed once: the merged catalogues and the key type are built from it.
const CATALOGUES = [
  core,
  auth,
  users,
  agencies,
  questionnaires,
  tokens,
  cli,
  intake,
  servicePoints,
  paper,
  survey,
  kiosk,
  results,
  exportsMessages,
  exportPdf,
  exportCsv,
  exportXlsx,
  targets,
  methodology,
  agencyResults,
  dashboards,
  publicResults,
  dropOff,
  overviewMessages,
  comments,
  plans,
  flags,
  publicCards,
  reliability,
  coordinator,
  campaigns,
  agencyAdmin,
  served,
  indexRules,
] as const;

type KeysOf<C> = C extends { vi: infer V } ? keyof V & string : never;
export type MessageKey = KeysOf<(typeof CATALOGUES)[number]>;
// Each area's file checks that its English has exactly its Vietnamese keys (`satisfies Catalogue`).
const merge = (locale: Locale) => Object.assign({}, ...CATALOGUES.map((c) => c[locale])) as Record<MessageKey, string>;
const vi = merge('vi');
/** What follows `P` in the keys that start with it: `KeySuffix<'flags.state.'>` is every state named. */
export type KeySuffix<P extends string> = MessageKey extends infer K ? (K extends `${P}${infer S}` ? S : never) : never;
const catalogues: Record<Locale, Record<MessageKey, string>> = { vi, en: merge('en') };

/** Whether a string read at run time (a zod message, a code) is a key of the catalogues. */
export function isMessageKey(s: string): s is MessageKey {
  return Object.hasOwn(vi, s);
}

/**
 * A name kept in both languages (agencies, service points, questionnaires, options) as the reader
 * reads it: the English one in English when there is one, else the Vietnamese, which always exists.
 */
export function inLocale(locale: string, vi: string, en: string | null | undefined): string {
  return locale === 'en' && en ? en : vi;
}

export function isLocale(v: unknown): v is Locale {
  return v === 'vi' || v === 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const text = catalogue[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}
