// The response rate, the finite-population margin of error and the rule that turns day and month
// rows into a period's people served, against examples worked by hand (docs/methodology.md).
import t, { type Test } from 'tap';
import { DEFAULT_RATE_FLOOR, marginOfError, rateFloorOf, responseRate } from '../../server/domain/response-rate.ts';
import { servedInPeriod } from '../../server/domain/served.ts';

const close = (t: Test, got: number | null, want: number, what: string) =>
  t.ok(got !== null && Math.abs(got - want) < 1e-6, `${what}: ${got} ≈ ${want}`);

t.test('the margin of error with the finite-population correction, worked by hand', async (t) => {
  // 116 responses of 1,840 people served (the example):
  //   √(0.25 / 116) = 0.0464238;  √((1840 − 116) / 1839) = √0.937466 = 0.968228
  //   1.959964 × 0.0464238 × 0.968228 = 0.088098, against 0.090989 without the correction.
  close(t, marginOfError(116, 1840), 0.088098, '116 of 1,840');
  close(t, marginOfError(116, 1e12), 0.090989, 'the same n from a population too large to matter');
  // 30 of 40: √(0.25/30) = 0.0912871; √(10/39) = 0.506370; × 1.959964 → 0.090599 (half of 0.178919).
  close(t, marginOfError(30, 40), 0.090599, '30 of 40');
  t.equal(marginOfError(400, 400), 0, 'everyone served answered: no sampling error');
  t.equal(marginOfError(1, 1), 0, 'one of one');
  t.equal(marginOfError(0, 100), null, 'no responses: no margin');
  t.equal(marginOfError(5, 4), null, 'more responses than people served: no margin');
});

t.test('the response rate and its floor', async (t) => {
  const r = responseRate(116, 1840);
  close(t, r.rate, 0.063043, '116 / 1,840 = 6.30 %');
  t.equal(r.belowFloor, false, '6.3 % is above the default 5 % floor');
  t.equal(DEFAULT_RATE_FLOOR, 0.05);
  t.equal(responseRate(40, 1000).belowFloor, true, '4 % is under the floor');
  t.equal(responseRate(50, 1000).belowFloor, false, 'exactly the floor is not under it');
  t.equal(responseRate(116, 1840, 0.1).belowFloor, true, 'a province floor of 10 %');
  const odd = responseRate(12, 10);
  t.equal(odd.inconsistent, true, 'more responses than people served');
  t.equal(odd.margin, null);
  t.equal(responseRate(0, 0).rate, null, 'nobody served: no rate, not 0 %');
  t.equal(rateFloorOf(0.1), 0.1);
  for (const bad of [undefined, null, '0.1', 0, 1, -0.2, Number.NaN]) t.equal(rateFloorOf(bad), DEFAULT_RATE_FLOOR, `floor ${String(bad)}`);
});

t.test('the people served of a period from day and month rows', async (t) => {
  const rows = [
    // Point 1: November as a month, and a few days of November too (the month wins).
    { servicePointId: 1, kind: 'month' as const, start: '2026-11-01', served: 900 },
    { servicePointId: 1, kind: 'day' as const, start: '2026-11-02', served: 40 },
    { servicePointId: 1, kind: 'day' as const, start: '2026-11-03', served: 35 },
    { servicePointId: 1, kind: 'month' as const, start: '2026-10-01', served: 800 },
    // Point 2: days only.
    { servicePointId: 2, kind: 'day' as const, start: '2026-11-02', served: 10 },
    { servicePointId: 2, kind: 'day' as const, start: '2026-11-20', served: 12 },
    // Point 3: October only.
    { servicePointId: 3, kind: 'month' as const, start: '2026-10-01', served: 300 },
  ];
  const nov = servedInPeriod(rows, '2026-11-01', '2026-11-30');
  t.same(nov.get(1), { known: true, served: 900 }, 'a whole month takes its month row, not its day rows');
  t.same(nov.get(2), { known: true, served: 22 }, 'days only: their sum');
  t.same(nov.get(3), { known: false, missingMonth: '2026-11' }, 'a month without any row leaves the point unknown');

  const octNov = servedInPeriod(rows, '2026-10-01', '2026-11-30');
  t.same(octNov.get(1), { known: true, served: 1700 }, 'two month rows');
  t.same(octNov.get(2), { known: false, missingMonth: '2026-10' }, 'no October for point 2');

  const part = servedInPeriod(rows, '2026-11-02', '2026-11-15');
  t.same(part.get(1), { known: true, served: 75 }, 'part of a month: its day rows inside the period');
  t.same(part.get(2), { known: true, served: 10 });
  const partOct = servedInPeriod(rows, '2026-10-10', '2026-10-20');
  t.same(partOct.get(3), { known: false, missingMonth: '2026-10' }, 'a month row cannot be cut into part of its month');
});
