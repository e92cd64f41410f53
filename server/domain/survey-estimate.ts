// How long the online survey takes, as the intro and the QR poster promise it: the median time from
// start to submit of the latest submitted drafts of the same questionnaire version, rounded up to a
// whole minute; before there are enough of them, a reading-and-tapping pace per question. The median,
// not the mean: a citizen who left the page open over lunch must not make everyone's promise longer.

/** Submitted drafts needed before the measured median replaces the default. */
export const MIN_MEASURED = 20;
/** How many of the latest submitted drafts the median is taken over. */
export const MEASURED_LATEST = 200;
/** The default pace: reading a statement of some fifteen words and tapping an answer. */
export const SECONDS_PER_QUESTION = 8;

export interface SurveyEstimate {
  minutes: number;
  /** From measured completion times (true) or the default pace (false). */
  measured: boolean;
}

export function surveyEstimate(completions: { count: number; medianSeconds: number | null }, questions: number): SurveyEstimate {
  const measured = completions.count >= MIN_MEASURED && completions.medianSeconds !== null;
  const seconds = measured ? completions.medianSeconds! : questions * SECONDS_PER_QUESTION;
  return { minutes: Math.max(1, Math.ceil(seconds / 60)), measured };
}
