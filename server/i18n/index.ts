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

export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];

const vi = {
  ...core.vi,
  ...auth.vi,
  ...users.vi,
  ...agencies.vi,
  ...questionnaires.vi,
  ...tokens.vi,
  ...cli.vi,
  ...intake.vi,
  ...servicePoints.vi,
  ...paper.vi,
  ...survey.vi,
  ...kiosk.vi,
  ...results.vi,
  ...exportsMessages.vi,
  ...exportPdf.vi,
  ...exportCsv.vi,
  ...exportXlsx.vi,
  ...targets.vi,
  ...methodology.vi,
  ...agencyResults.vi,
  ...dashboards.vi,
  ...publicResults.vi,
  ...dropOff.vi,
  ...overviewMessages.vi,
  ...comments.vi,
  ...plans.vi,
  ...flags.vi,
  ...publicCards.vi,
  ...reliability.vi,
  ...coordinator.vi,
};
const en = {
  ...core.en,
  ...auth.en,
  ...users.en,
  ...agencies.en,
  ...questionnaires.en,
  ...tokens.en,
  ...cli.en,
  ...intake.en,
  ...servicePoints.en,
  ...paper.en,
  ...survey.en,
  ...kiosk.en,
  ...results.en,
  ...exportsMessages.en,
  ...exportPdf.en,
  ...exportCsv.en,
  ...exportXlsx.en,
  ...targets.en,
  ...methodology.en,
  ...agencyResults.en,
  ...dashboards.en,
  ...publicResults.en,
  ...dropOff.en,
  ...overviewMessages.en,
  ...comments.en,
  ...plans.en,
  ...flags.en,
  ...publicCards.en,
  ...reliability.en,
  ...coordinator.en,
};

export type MessageKey = keyof typeof vi;
const catalogues: Record<Locale, Record<MessageKey, string>> = { vi, en };

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
