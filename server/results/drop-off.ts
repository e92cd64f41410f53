// The drop-off figures of a results selection: for online surveys of the selected questionnaire
// (each version apart: versions may have different pages), the drafts started in the period in the
// agency's subtree, and how many reached each page, the review and the submit. Drafts are what the
// online survey writes (server/routes/survey), so another channel has none: a selection narrowed to
// the kiosk, paper or the API says so instead of showing zeros.
import type { Kysely } from 'kysely';
import { publishedVersion } from '../db/lookups.ts';
import { draftProgress } from '../db/queries/drop-off.ts';
import type { Agency, Database } from '../db/schema.ts';
import { dropOffSteps, type DropOffStep } from '../domain/drop-off.ts';
import { addDays } from '../domain/period.ts';
import { planOf, type SurveyPage, type SurveyPlan } from '../domain/survey-pages.ts';
import { startOfLocalDay } from '../i18n/format.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import { sectionTitle } from '../routes/survey/view.ts';
import { selectQuestionnaire, type ResultsFilter } from './selection.ts';

export interface VersionDropOff {
  versionId: number;
  version: number;
  /** The version's pages, to name each page step. */
  plan: SurveyPlan;
  steps: DropOffStep[];
}

export interface DropOff {
  /** False when the selection is narrowed to a channel other than the online survey. */
  online: boolean;
  /** The versions with at least one draft started in the period, oldest first. */
  versions: VersionDropOff[];
}

export async function dropOff(db: Kysely<Database>, agency: Agency, f: ResultsFilter): Promise<DropOff> {
  if (f.channel !== undefined && f.channel !== 'online') return { online: false, versions: [] };
  const { versionIds } = await selectQuestionnaire(db, f.questionnaireId, f.version);
  const rows = await draftProgress(db, {
    path: agency.path,
    versionIds,
    from: startOfLocalDay(f.from),
    to: startOfLocalDay(addDays(f.to, 1)),
    campaignId: f.campaignId,
    servicePointId: f.servicePointId,
  });
  const versions: VersionDropOff[] = [];
  for (const id of [...new Set(rows.map((r) => r.versionId))]) {
    const v = await publishedVersion(db, id);
    if (!v) continue;
    const plan = planOf(v.definition);
    versions.push({
      versionId: id,
      version: v.version,
      plan,
      steps: dropOffSteps(
        rows.filter((r) => r.versionId === id),
        plan.pages.length,
      ),
    });
  }
  return { online: true, versions: versions.sort((a, b) => a.version - b.version) };
}

/** A step as the panel and the workbook name it: Bắt đầu, Trang 3, Trang kiểm tra, Đã gửi. */
export function stepName(step: DropOffStep, t: Translate): string {
  switch (step.kind) {
    case 'started':
      return t('dropOff.step.started');
    case 'page':
      return t('dropOff.step.page', { page: step.page });
    case 'review':
      return t('dropOff.step.review');
    case 'submitted':
      return t('dropOff.step.submitted');
  }
}

/** What a survey page asks, as the survey itself titles it; a follow-up page says it continues. */
export function pageSection(page: SurveyPage, t: Translate, locale: Locale): { text: string; lang: 'vi' | null } {
  const title = sectionTitle(page, page.questions[0], locale, t);
  return { text: page.followUp ? t('dropOff.followUp', { section: title.text }) : title.text, lang: title.lang };
}
