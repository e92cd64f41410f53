// The survey's promised length: the default pace until enough citizens have finished, then their
// median rounded up to the minute, never less than one.
import t from 'tap';
import { MIN_MEASURED, SECONDS_PER_QUESTION, surveyEstimate } from '../../server/domain/survey-estimate.ts';

t.test('before enough completions: the default pace per question', async (t) => {
  t.strictSame(surveyEstimate({ count: 0, medianSeconds: null }, 42), {
    minutes: Math.ceil((42 * SECONDS_PER_QUESTION) / 60),
    measured: false,
  });
  t.strictSame(
    surveyEstimate({ count: MIN_MEASURED - 1, medianSeconds: 30 }, 42),
    { minutes: 6, measured: false },
    'a few fast ones do not count yet',
  );
  t.strictSame(surveyEstimate({ count: 0, medianSeconds: null }, 2), { minutes: 1, measured: false }, 'never under a minute');
});

t.test('with enough completions: their median, rounded up', async (t) => {
  t.strictSame(surveyEstimate({ count: MIN_MEASURED, medianSeconds: 240 }, 42), { minutes: 4, measured: true });
  t.strictSame(surveyEstimate({ count: 500, medianSeconds: 241 }, 42), { minutes: 5, measured: true });
  t.strictSame(surveyEstimate({ count: 500, medianSeconds: 5 }, 42), { minutes: 1, measured: true });
});
