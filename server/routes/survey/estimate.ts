// What the survey's intro and its QR poster promise: how many pages of questions and about how many
// minutes, for the version the address runs. One function for both, so they never disagree.
import type { Kysely } from 'kysely';
import { remembered } from '../../db/lookup-cache.ts';
import { completionTimes } from '../../db/queries/drafts.ts';
import type { PublishedVersion } from '../../db/queries/questionnaires.ts';
import type { Database } from '../../db/schema.ts';
import { questionList } from '../../domain/questionnaire.ts';
import { MEASURED_LATEST, surveyEstimate, type SurveyEstimate } from '../../domain/survey-estimate.ts';
import type { SurveyPlan } from '../../domain/survey-pages.ts';

export interface SurveyLength extends SurveyEstimate {
  /** Pages of questions, the review not counted; a follow-up page skipped by an answer included. */
  pages: number;
}

export async function surveyLength(db: Kysely<Database>, version: PublishedVersion, plan: SurveyPlan): Promise<SurveyLength> {
  const id = version.versionId;
  const completions = await remembered(db, `completions:${id}`, () => completionTimes(db, id, MEASURED_LATEST));
  return { pages: plan.pages.length, ...surveyEstimate(completions, questionList(version.definition).length) };
}
