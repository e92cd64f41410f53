// The previous period by the calendar (issue 16): a month, quarter or year compares with the one
// before it, a custom period with the same days as many months earlier as it touches, never by a
// count of days (which drops 1 January when the year before is a leap year).
import t from 'tap';
import { monthPeriod, monthsEarlier, previousPeriod, quarterPeriod, yearPeriod } from '../../server/domain/period.ts';

t.test('months, quarters and years', async (t) => {
  t.same(previousPeriod(yearPeriod(2025)), yearPeriod(2024));
  t.same(previousPeriod(quarterPeriod(2025, 1)), quarterPeriod(2024, 4));
  t.same(previousPeriod(monthPeriod(2024, 3)), { kind: 'month', from: '2024-02-01', to: '2024-02-29' });
});

t.test('a custom period, by the calendar', async (t) => {
  const prev = (from: string, to: string) => {
    const p = previousPeriod({ kind: 'custom', from, to });
    return [p.from, p.to];
  };
  t.same(prev('2025-01-01', '2025-12-31'), ['2024-01-01', '2024-12-31'], 'a whole year typed as days: the year before, 1 January included');
  t.same(prev('2025-04-01', '2025-06-30'), ['2025-01-01', '2025-03-31'], 'a quarter typed as days: the quarter before');
  t.same(prev('2025-03-10', '2025-03-20'), ['2025-02-10', '2025-02-20'], 'days within a month: a month earlier');
  t.same(prev('2025-01-15', '2025-04-14'), ['2024-09-15', '2024-12-14'], 'four months touched: four months earlier');
  t.same(prev('2024-03-01', '2024-03-31'), ['2024-02-01', '2024-02-29'], 'a month end stays a month end');
  t.same(prev('2025-03-29', '2025-03-31'), ['2025-02-28', '2025-02-28'], 'days February lacks become its last day');
});

t.test('monthsEarlier', async (t) => {
  t.equal(monthsEarlier('2024-02-29', 12), '2023-02-28');
  t.equal(monthsEarlier('2025-04-30', 1), '2025-03-31', 'the last day of April → the last of March');
  t.equal(monthsEarlier('2025-01-15', 13), '2023-12-15');
});
