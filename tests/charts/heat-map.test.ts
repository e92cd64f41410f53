// Geometry checked by hand on the default 720 width: the widest weekday label, "CN", is two capitals,
// 1.48 em = 20.72 units, plus 10: the grid starts at 30.72, leaving (720 − 30.72 − 4) / 24 = 28.53
// units for each hour's column.
import t from 'tap';
import { heatLegend, heatLevel, heatMap, type HeatMapOptions } from '../../server/charts/heat-map.ts';
import { contrastRatio, HEAT_STEPS } from '../../server/charts/palette.ts';
import { formatNumber } from '../../server/i18n/format.ts';
import { attrNum, expectChartFrame, findAll, parseSvg, textOf, type Node } from '../helpers/svg.ts';

const WEEKDAYS = ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'];
const base: HeatMapOptions = {
  id: 'hours',
  title: 'Phiếu theo giờ và ngày trong tuần',
  description: 'Nhiều phiếu nhất vào sáng thứ Hai.',
  counts: [],
  weekdayLabels: WEEKDAYS,
  formatCount: (n) => formatNumber(n, 'vi'),
  legendLabel: 'Số phiếu',
};
const LEFT = 30.72;
const CELL = (720 - LEFT - 4) / 24;

t.test('levels and legend, worked by hand', async (t) => {
  t.strictSame(
    [0, 1, 10, 11, 49, 50].map((c) => heatLevel(c, 50)),
    [0, 1, 1, 2, 5, 5],
    'fifths of the largest count, 0 apart',
  );
  t.equal(heatLevel(-3, 50), 0);
  t.equal(heatLevel(5, 0), 0, 'no responses anywhere');
  t.strictSame(heatLegend(50), [
    { level: 0, low: 0, high: 0 },
    { level: 1, low: 1, high: 10 },
    { level: 2, low: 11, high: 20 },
    { level: 3, low: 21, high: 30 },
    { level: 4, low: 31, high: 40 },
    { level: 5, low: 41, high: 50 },
  ]);
  // With 3 at most, counts 1, 2 and 3 fall in levels 2, 4 and 5; levels 1 and 3 hold no whole number.
  t.strictSame(heatLegend(3), [
    { level: 0, low: 0, high: 0 },
    { level: 2, low: 1, high: 1 },
    { level: 4, low: 2, high: 2 },
    { level: 5, low: 3, high: 3 },
  ]);
  t.strictSame(
    [1, 2, 3].map((c) => heatLevel(c, 3)),
    [2, 4, 5],
    'the legend agrees with the cells',
  );
  t.strictSame(heatLegend(0), [{ level: 0, low: 0, high: 0 }]);
});

t.test('cells', async (t) => {
  const counts = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  counts[0]![8] = 50;
  counts[0]![9] = 11;
  counts[4]![17] = 999;
  counts[6]![23] = 7;
  const svg = expectChartFrame(t, heatMap({ ...base, counts, formatCount: (n) => String(n) }), base);
  const cells = findAll(svg, 'g', 'chart-cell');
  t.equal(cells.length, 7 * 24, 'one cell per weekday and hour');
  const cell = (d: number, h: number) => cells[d * 24 + h]!;
  const rect = (c: Node) => findAll(c, 'rect')[0]!;

  t.strictSame([attrNum(rect(cell(0, 0)), 'x'), attrNum(rect(cell(0, 0)), 'y')], [LEFT, 4], 'Monday 0:00 top left');
  t.strictSame(
    [attrNum(rect(cell(6, 23)), 'x'), attrNum(rect(cell(6, 23)), 'y')],
    [Math.round((LEFT + 23 * CELL) * 100) / 100, 4 + 6 * 28],
    'Sunday 23:00 bottom right',
  );
  t.equal(attrNum(rect(cell(0, 0)), 'width'), Math.round(CELL * 100) / 100);

  t.equal(textOf(findAll(cell(4, 17), 'title')[0]!), 'T6 17: 999', 'each cell has a tooltip: weekday, hour, count');
  t.equal(textOf(findAll(cell(4, 17), 'text')[0]!), '999', 'and its count written in it');
  t.equal(rect(cell(4, 17)).attrs['fill'], HEAT_STEPS[5]!.fill, 'the largest count is the darkest');
  t.equal(rect(cell(0, 8)).attrs['fill'], HEAT_STEPS[1]!.fill, '50 of 999 is in the first fifth');
  t.equal(rect(cell(3, 3)).attrs['fill'], HEAT_STEPS[0]!.fill, 'no responses: the lightest');
  t.equal(textOf(findAll(cell(3, 3), 'text')[0]!), '0');

  for (const c of cells) {
    const fill = rect(c).attrs['fill']!;
    const ink = findAll(c, 'text')[0]!.attrs['fill']!;
    if (contrastRatio(fill, ink) < 4.5) t.fail(`count on ${fill} in ${ink}`);
  }
  t.pass('every count is readable on its cell (4.5:1)');

  t.strictSame(findAll(svg, 'text', 'chart-label').map(textOf), WEEKDAYS, 'weekday labels, Monday first');
  t.strictSame(
    findAll(svg, 'text', 'chart-tick').map(textOf),
    Array.from({ length: 24 }, (_, h) => String(h)),
    'hours 0–23',
  );
});

t.test('the legend', async (t) => {
  const counts = [[0, 1, 2, 3]];
  const svg = parseSvg(heatMap({ ...base, counts }));
  const legend = findAll(svg, 'g', 'chart-legend')[0]!;
  t.equal(textOf(findAll(legend, 'text')[0]!), 'Số phiếu', 'titled by the caller');
  const entries = findAll(legend, 'g', 'chart-legend-entry');
  t.strictSame(
    entries.map((e) => textOf(findAll(e, 'text')[0]!)),
    ['0', '1', '2', '3'],
    'one entry per level in use',
  );
  t.strictSame(
    entries.map((e) => findAll(e, 'rect')[0]!.attrs['fill']),
    [0, 2, 4, 5].map((l) => HEAT_STEPS[l]!.fill),
    'each swatch in its level’s shade',
  );
  const wide = parseSvg(heatMap({ ...base, counts: [[1000000]] }));
  t.strictSame(
    findAll(wide, 'g', 'chart-legend-entry').map((e) => textOf(findAll(e, 'text')[0]!)),
    ['0', '1–200.000', '200.001–400.000', '400.001–600.000', '600.001–800.000', '800.001–1.000.000'],
    'ranges formatted by the caller',
  );
  const ys = findAll(wide, 'g', 'chart-legend-entry').map((e) => attrNum(findAll(e, 'rect')[0]!, 'y'));
  t.ok(ys[ys.length - 1]! > ys[0]!, 'a legend too wide for one line flows onto the next');
  const root = parseSvg(heatMap({ ...base, counts: [[1000000]] }));
  t.ok(Number(root.attrs['viewBox']!.split(' ')[3]) >= ys[ys.length - 1]! + 18, 'and the viewBox grows to hold it');
});

t.test('counts too long for a cell stay in the tooltips', async (t) => {
  const svg = parseSvg(heatMap({ ...base, counts: [[123456]] }));
  const cells = findAll(svg, 'g', 'chart-cell');
  t.equal(
    cells.flatMap((c) => findAll(c, 'text')).length,
    0,
    '"123.456" (6 digits and a dot, 4.2 em at 11 units = 46.2) does not fit a 28.53 cell: no text in any cell',
  );
  t.equal(textOf(findAll(cells[0]!, 'title')[0]!), 'T2 0: 123.456');
});

t.test('missing, negative and non-numeric counts are 0', async (t) => {
  const svg = parseSvg(heatMap({ ...base, counts: [[-5, Number.NaN, 3]] }));
  const cells = findAll(svg, 'g', 'chart-cell');
  t.strictSame(
    cells.slice(0, 4).map((c) => textOf(findAll(c, 'text')[0]!)),
    ['0', '0', '3', '0'],
  );
  t.equal(textOf(findAll(cells[6 * 24 + 5]!, 'text')[0]!), '0', 'a weekday not given at all');
});

t.test('hour labels and tooltips from the caller', async (t) => {
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
  const svg = parseSvg(heatMap({ ...base, counts: [[4]], hourLabels: hours, cellTitle: (w, h, c) => `${w}, ${h} — ${c} phiếu` }));
  t.strictSame(
    findAll(svg, 'text', 'chart-tick').map(textOf),
    hours.filter((_, h) => h % 2 === 0),
    '"00:00" is too wide for every column: every other hour',
  );
  t.equal(textOf(findAll(svg, 'title')[1]!), 'T2, 00:00 — 4 phiếu');
  t.throws(() => heatMap({ ...base, weekdayLabels: WEEKDAYS.slice(1) }), /seven weekday labels/);
  t.throws(() => heatMap({ ...base, hourLabels: hours.slice(1) }), /twenty-four/);
});

t.test('escaping', async (t) => {
  const evil = `<script>&"'`;
  const markup = heatMap({ ...base, weekdayLabels: WEEKDAYS.map(() => evil), legendLabel: evil, counts: [[1]] });
  t.notMatch(markup, /<script|&(?!amp;|lt;|gt;|quot;|apos;)/);
  const svg = parseSvg(markup);
  t.equal(findAll(svg, 'text', 'chart-label').filter((n) => textOf(n) === evil).length, 7);
  t.equal(textOf(findAll(svg, 'title')[1]!), `${evil} 0: 1`);
});
