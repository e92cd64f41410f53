// The drop-off steps from drafts grouped by how far they got: every step counts no more than the one
// before; a page skipped by an answer counts as passed; shares are of the drafts started.
import t from 'tap';
import { dropOffSteps } from '../../server/domain/drop-off.ts';

const p = (furthestPage: number, drafts: number, reachedReview = false, submitted = false) => ({
  furthestPage,
  reachedReview,
  submitted,
  drafts,
});

t.test('a funnel over four pages', async (t) => {
  // 10 started: 2 left on page 1, 3 on page 2, 1 reached page 4 (page 3 skipped) and stopped, 1 at
  // the review, 3 sent (one of them straight from page 2 by a skip of pages 3 and 4).
  const steps = dropOffSteps([p(1, 2), p(2, 3), p(4, 1), p(4, 1, true), p(4, 2, true, true), p(2, 1, true, true)], 4);
  t.strictSame(
    steps.map((s) => [s.kind, 'page' in s ? s.page : null, s.drafts]),
    [
      ['started', null, 10],
      ['page', 1, 10],
      ['page', 2, 8],
      ['page', 3, 5],
      ['page', 4, 5],
      ['review', null, 4],
      ['submitted', null, 3],
    ],
  );
  t.equal(steps[2]!.share, 0.8);
  t.equal(steps.at(-1)!.share, 0.3);
  for (let i = 1; i < steps.length; i++) t.ok(steps[i]!.drafts <= steps[i - 1]!.drafts, `step ${i} counts no more than step ${i - 1}`);
});

t.test('nothing started: zero drafts and no shares', async (t) => {
  const steps = dropOffSteps([], 3);
  t.equal(steps.length, 6, 'started, three pages, review, sent');
  t.ok(steps.every((s) => s.drafts === 0 && s.share === null));
});
