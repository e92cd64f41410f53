// The years the public page offers: whole calendar years that have ended in Viet Nam time.
import t from 'tap';
import { completeYears, lastCompleteYear, publicationKey } from '../../server/domain/publication.ts';

t.test('the last complete year turns over at midnight in Viet Nam, not in UTC', async (t) => {
  t.equal(lastCompleteYear(new Date('2026-11-22T05:00:00Z')), 2025);
  t.equal(lastCompleteYear(new Date('2026-12-31T16:59:59Z')), 2025, '23:59:59 on 31/12 in Viet Nam: 2026 is not over');
  t.equal(lastCompleteYear(new Date('2026-12-31T17:00:00Z')), 2026, '00:00 on 1/1/2027 in Viet Nam: it is');
});

t.test('complete years, newest first, from the first counted day', async (t) => {
  const now = new Date('2026-11-22T05:00:00Z');
  t.same(completeYears('2024-11-03', now), [2025, 2024]);
  t.same(completeYears(null, now), [2025], 'no data: the last complete year alone');
  t.same(completeYears('2026-02-01', now), [2025], 'data only in the year under way: still the last complete year');
  t.equal(publicationKey('KHA'), 'results.public.KHA');
});
