// Where citizens give up the online survey: from the drafts started in a period, how many reached
// each page, the review and the submit. "Reached page k" means the citizen was sent to page k or
// further — a page skipped by an earlier answer (E5's criteria after Không) is passed, not missed —
// so every step counts no more drafts than the one before it. Pure: the counts come from
// server/db/queries/drop-off.ts, grouped by how far each draft got.

/** Drafts that got exactly this far, as the query groups them. */
export interface DraftProgress {
  /** The highest page number the draft was sent to (0: none). */
  furthestPage: number;
  reachedReview: boolean;
  submitted: boolean;
  drafts: number;
}

export type DropOffStep =
  | { kind: 'started'; drafts: number; share: number | null }
  | { kind: 'page'; page: number; drafts: number; share: number | null }
  | { kind: 'review'; drafts: number; share: number | null }
  | { kind: 'submitted'; drafts: number; share: number | null };

/** The steps of a survey of `pages` pages, each with its drafts and their share of those started. */
export function dropOffSteps(progress: readonly DraftProgress[], pages: number): DropOffStep[] {
  const started = progress.reduce((sum, p) => sum + p.drafts, 0);
  const share = (n: number) => (started === 0 ? null : n / started);
  const count = (reached: (p: DraftProgress) => boolean) => progress.filter(reached).reduce((sum, p) => sum + p.drafts, 0);
  // A sent draft was on the review page; a draft on the review page has passed every page.
  const atReview = (p: DraftProgress) => p.reachedReview || p.submitted;
  const steps: DropOffStep[] = [{ kind: 'started', drafts: started, share: share(started) }];
  for (let page = 1; page <= pages; page++) {
    const drafts = count((p) => p.furthestPage >= page || atReview(p));
    steps.push({ kind: 'page', page, drafts, share: share(drafts) });
  }
  const review = count(atReview);
  const submitted = count((p) => p.submitted);
  steps.push({ kind: 'review', drafts: review, share: share(review) }, { kind: 'submitted', drafts: submitted, share: share(submitted) });
  return steps;
}
