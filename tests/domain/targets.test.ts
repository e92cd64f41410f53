// The target resolution rule and the threshold parser, on hand-made cases.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseQuestionnaire } from '../../server/domain/questionnaire.ts';
import {
  applies,
  effectiveTarget,
  effectiveTargets,
  indexCodesOf,
  nearestFirst,
  parseThreshold,
  thresholdDigits,
  wholeYear,
  yearPeriod,
  type TargetCandidate,
} from '../../server/domain/targets.ts';

// A province (1) over a department (7) over a commune (42).
const CHAIN = nearestFirst('/1/7/42/');
const SIPAS = 10;
const QUICK = 11;
const YEAR = { from: '2026-01-01', to: '2026-12-31' };
let nextId = 0;
function target(agency: number, over: Partial<TargetCandidate> = {}): TargetCandidate {
  return {
    id: ++nextId,
    agency_id: agency,
    questionnaire_id: null,
    period_from: '2026-01-01',
    period_to: '2026-12-31',
    index_code: 'overall',
    ...over,
  };
}
const pick = (candidates: TargetCandidate[], q: Partial<typeof YEAR & { questionnaireId: number | null; indexCode: string }> = {}) =>
  effectiveTarget(candidates, CHAIN, { questionnaireId: SIPAS, indexCode: 'overall', ...YEAR, ...q });

t.test('the materialised path, nearest first', async (t) => {
  t.same(nearestFirst('/1/7/42/'), [42, 7, 1]);
  t.same(nearestFirst('/5/'), [5]);
});

t.test('a period overlaps when they share at least one day', async (t) => {
  const x = target(42, { period_from: '2026-03-01', period_to: '2026-03-31' });
  const q = (from: string, to: string) => applies(x, { questionnaireId: SIPAS, from, to });
  t.ok(q('2026-03-31', '2026-04-30'), 'the last day');
  t.ok(q('2026-02-01', '2026-03-01'), 'the first day');
  t.ok(q('2026-01-01', '2026-12-31'), 'inside a longer period');
  t.notOk(q('2026-04-01', '2026-04-30'), 'the next month');
  t.notOk(q('2026-02-01', '2026-02-28'), 'the month before');
  t.notOk(applies(target(42, { questionnaire_id: QUICK }), { questionnaireId: SIPAS, ...YEAR }), 'another questionnaire’s target');
  t.notOk(
    applies(target(42, { questionnaire_id: QUICK }), { questionnaireId: null, ...YEAR }),
    'a specific target when none is asked about',
  );
  t.ok(applies(target(42), { questionnaireId: null, ...YEAR }), 'a target for any questionnaire, when none is asked about');
});

t.test('inheritance: the nearest agency with a target wins', async (t) => {
  const province = target(1);
  const department = target(7);
  t.equal(pick([province]), province, 'a commune inherits the province’s target');
  t.equal(pick([province, department]), department, 'the department overrides it for its subtree');
  t.equal(pick([department, province, target(42, { index_code: 'E1' })]), department, 'a target for another index does not override');
  const own = target(42);
  t.equal(pick([province, department, own]), own, 'the commune’s own target');
  t.equal(pick([target(99)]), null, 'an agency outside the chain gives nothing');
  t.equal(pick([]), null, 'no targets: no target');
  t.equal(
    pick([target(42, { period_from: '2025-01-01', period_to: '2025-12-31' }), province]),
    province,
    'an own target of another year does not override',
  );
  t.equal(
    effectiveTarget([department], nearestFirst('/1/'), { questionnaireId: SIPAS, indexCode: 'overall', ...YEAR }),
    null,
    'a target never flows upwards',
  );
});

t.test('precedence within one agency', async (t) => {
  const any = target(42, { period_from: '2026-07-01' });
  const specific = target(42, { questionnaire_id: SIPAS, period_from: '2026-01-01' });
  t.equal(pick([any, specific]), specific, 'questionnaire-specific before any questionnaire, whatever the dates');
  t.equal(pick([any, specific], { questionnaireId: QUICK }), any, 'but only for its own questionnaire');
  t.equal(
    pick([specific, target(42, { questionnaire_id: QUICK })], { questionnaireId: null }),
    null,
    'none asked: only targets for any questionnaire',
  );

  const year = target(42, { questionnaire_id: SIPAS });
  const half = target(42, { questionnaire_id: SIPAS, period_from: '2026-07-01' });
  t.equal(pick([half, year]), half, 'then the latest period_from');
  t.equal(pick([half, year], { to: '2026-06-30' }), year, 'of those overlapping the period asked about');
  const again = target(42, { questionnaire_id: SIPAS, period_from: '2026-07-01' });
  t.equal(pick([again, half, year]), again, 'then the highest id: the one set last');
  t.equal(pick([half, again, year]), again, 'whatever the order of the candidates');

  const parentSpecific = target(7, { questionnaire_id: SIPAS });
  const ownAny = target(42);
  t.equal(
    pick([parentSpecific, ownAny]),
    ownAny,
    'nearest before specific: the agency’s own target for any questionnaire beats its parent’s specific one',
  );
});

t.test('every index code resolves on its own', async (t) => {
  const overall = target(1, { index_code: 'overall' });
  const e1 = target(7, { index_code: 'E1' });
  const e1own = target(42, { index_code: 'E1' });
  const c = target(1, { index_code: 'E3.2' });
  const all = effectiveTargets([overall, e1, e1own, c], CHAIN, { questionnaireId: SIPAS, ...YEAR });
  t.same([...all.keys()].sort(), ['E1', 'E3.2', 'overall']);
  t.equal(all.get('overall'), overall);
  t.equal(all.get('E1'), e1own);
  t.equal(all.get('E3.2'), c);
  t.equal(effectiveTargets([overall], [], { questionnaireId: SIPAS, ...YEAR }).size, 0, 'an empty chain has no targets');
});

t.test('thresholds are typed as percentages', async (t) => {
  const ok = (s: string) => {
    const r = parseThreshold(s);
    return r.ok ? r.share : r.reason;
  };
  t.equal(ok('80'), 0.8);
  t.equal(ok('80%'), 0.8);
  t.equal(ok(' 85 % '), 0.85);
  t.equal(ok('82,5'), 0.825);
  t.equal(ok('82.5'), 0.825);
  t.equal(ok('82,125'), 0.82125, 'three decimals');
  t.equal(ok('100'), 1);
  t.equal(ok('100,0'), 1);
  t.equal(ok('0'), 0, 'zero is a threshold ("above 0%")');
  t.equal(ok('1'), 0.01, 'one per cent');
  t.equal(ok('07'), 0.07);
  t.equal(ok('0.8'), 'fraction', 'a fraction is refused, not read as 0.8%');
  t.equal(ok('0,999'), 'fraction');
  t.equal(ok('100,001'), 'range');
  t.equal(ok('101'), 'range');
  t.equal(ok('82,1234'), 'format', 'four decimals');
  t.equal(ok('-5'), 'format');
  t.equal(ok('1000'), 'format');
  t.equal(ok(''), 'format');
  t.equal(ok('80%%'), 'format');
  t.equal(ok('8 0'), 'format');
  t.equal(ok('1e2'), 'format');
  t.equal(ok('tám mươi'), 'format');
  t.equal(ok('80,'), 'format');
});

t.test('a stored threshold shows with the decimals it needs', async (t) => {
  t.equal(thresholdDigits(0.8), 0);
  t.equal(thresholdDigits(0.825), 1);
  t.equal(thresholdDigits(0.8225), 2);
  t.equal(thresholdDigits(0.82125), 3);
  t.equal(thresholdDigits(1), 0);
  t.equal(thresholdDigits(0), 0);
});

t.test('years and periods', async (t) => {
  t.same(yearPeriod(2026), { from: '2026-01-01', to: '2026-12-31' });
  t.equal(wholeYear('2026-01-01', '2026-12-31'), 2026);
  t.equal(wholeYear('2026-01-01', '2026-06-30'), null);
  t.equal(wholeYear('2025-01-01', '2026-12-31'), null);
});

t.test('the index codes of the shipped questionnaires', async (t) => {
  const load = (name: string) => {
    const r = parseQuestionnaire(JSON.parse(readFileSync(new URL(`../../content/questionnaires/${name}`, import.meta.url), 'utf8')));
    if (!r.ok) throw new Error(`${name} does not parse`);
    return r.definition;
  };
  const sipas = indexCodesOf(load('sipas-2017.json'));
  t.equal(sipas.length, 1 + 5 + 22, 'overall, 5 elements, 22 criteria');
  t.same(
    sipas.slice(0, 6).map((c) => `${c.kind}:${c.code}`),
    ['overall:overall', 'element:E1', 'criterion:E1.1', 'criterion:E1.2', 'criterion:E1.3', 'criterion:E1.4'],
  );
  t.match(sipas[1], { vi: /^Tiếp cận dịch vụ/, en: /^Access/ });
  t.same(
    indexCodesOf(load('counter-quick.json')).map((c) => c.code),
    ['overall'],
    'the counter rating has one index',
  );
});
