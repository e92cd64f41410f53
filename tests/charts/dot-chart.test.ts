// The dot-and-interval chart and the axis it zooms to (issue 14): geometry checked by hand on a
// 380-wide viewBox, whose plot runs from x = 22 to x = 358 (336 units for the axis's range).
import t from 'tap';
import { shareAxis, axisPosition, FULL_AXIS } from '../../server/charts/axis.ts';
import { dotChart, dotChartAxis, type DotChartOptions } from '../../server/charts/dot-chart.ts';
import { formatPercent } from '../../server/i18n/format.ts';
import { attrNum, expectChartFrame, findAll, textOf, type Node } from '../helpers/svg.ts';

t.test('the axis holds the figures with a margin, in round steps, at least 20% wide', async (t) => {
  t.strictSame(shareAxis([0.78, 0.86, 0.8]), { lo: 0.7, hi: 0.9, ticks: [0.7, 0.75, 0.8, 0.85, 0.9], full: false }, '76–88% → 70–90%');
  t.strictSame(shareAxis([0.95, 0.99]).hi, 1, 'never past 100%');
  t.equal(shareAxis([0.95, 0.99]).lo, 0.8, 'widened downwards to 20%');
  t.strictSame(shareAxis([0.05, 0.97]), { lo: 0, hi: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], full: true }, 'everything: 0–100%');
  t.strictSame(shareAxis([0.42, 0.9]).ticks, [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], 'ticks every 10% up to a 60% span');
  t.strictSame(shareAxis([0.33, 0.95]).ticks, [0.2, 0.4, 0.6, 0.8, 1], 'every 20% beyond, from a multiple of 20%');
  t.strictSame(shareAxis([null, undefined, Number.NaN]), FULL_AXIS, 'nothing to show: 0–100%');
  t.strictSame(shareAxis([0.02, 0.05]).lo, 0, 'never below 0%');
  const axis = shareAxis([0.78, 0.86]);
  t.ok(Math.abs(axisPosition(axis, 0.8) - 0.5) < 1e-9, '80% in the middle of 70–90%');
  t.equal(axisPosition(axis, 0.5), 0, 'held at the edge below');
  t.equal(axisPosition(axis, 1), 1, 'and above');
});

const base: DotChartOptions = {
  id: 'units',
  title: 'Tỷ lệ hài lòng của các đơn vị so với chỉ tiêu',
  description: 'Mỗi đơn vị một dòng.',
  formatShare: (s) => formatPercent(s, 'vi'),
  noDataLabel: 'chưa có dữ liệu',
  targetLegend: 'Chỉ tiêu của từng đơn vị',
  items: [],
};
const x = (share: number, lo = 0.6, hi = 1) => Math.round((22 + ((share - lo) / (hi - lo)) * 336) * 100) / 100;
const rows = (svg: Node) => findAll(svg, 'g', 'chart-row');

t.test('dots, whiskers cut at the axis, targets only where they apply', async (t) => {
  const markup = dotChart({
    ...base,
    axis: { lo: 0.6, hi: 1, ticks: [0.6, 0.7, 0.8, 0.9, 1], full: false },
    items: [
      { label: 'Sở Xây dựng', share: 0.8, interval: [0.7, 0.9], target: 0.85 },
      { label: 'Sở Tư pháp', share: 0.9, interval: [0.5, 0.95], target: null, value: '✔ 90,00%' },
      { label: 'Xã Ninh Hải', share: 0.7, interval: [0.4, 1], tentative: true, target: 0.8 },
      { label: 'Xã Thuận Nam', share: null, target: 0.8 },
    ],
  });
  const svg = expectChartFrame(t, markup, base);
  const [a, b, c, d] = rows(svg) as [Node, Node, Node, Node];
  t.equal(rows(svg).length, 4, 'a row per item');
  const dot = (r: Node) => findAll(r, 'circle', 'chart-marker')[0];
  t.equal(attrNum(dot(a)!, 'cx'), x(0.8), '80% is the middle of a 60–100% axis');
  t.equal(attrNum(dot(b)!, 'cx'), x(0.9));
  t.equal(dot(d), undefined, 'no dot without data');
  t.equal(textOf(findAll(d, 'text', 'chart-nodata')[0]!), 'chưa có dữ liệu', 'said in words instead');
  t.ok(dot(c)!.attrs['class']!.includes('chart-marker--tentative'), 'too few answers: a hollow dot');
  t.equal(dot(c)!.attrs['fill'], '#ffffff');

  const whisker = (r: Node) => findAll(r, 'path', 'chart-whisker')[0]!.attrs['d']!;
  t.equal((whisker(a).match(/V/g) ?? []).length, 2, 'an interval inside the axis has both caps');
  t.equal((whisker(b).match(/V/g) ?? []).length, 1, 'one cut at the edge keeps only the cap inside');
  t.match(whisker(b), new RegExp(`^M${x(0.6)} `), 'and starts at the axis');
  t.equal((whisker(c).match(/V/g) ?? []).length, 1, 'cut below, ending at 100%');

  const target = (r: Node) => findAll(r, 'line', 'chart-target-line');
  t.equal(attrNum(target(a)[0]!, 'x1'), x(0.85), 'the row’s own target');
  t.equal(target(b).length, 0, 'no target, no tick');
  t.equal(target(d).length, 1, 'a target is drawn even without data: it applies');
  t.equal(textOf(findAll(svg, 'text', 'chart-legend-label')[0]!), 'Chỉ tiêu của từng đơn vị', 'the legend names the dashed tick');

  t.strictSame(
    rows(svg).map((r) => findAll(r, 'text', 'chart-value').map(textOf)[0] ?? null),
    ['80,00%', '✔ 90,00%', '70,00%', null],
    'the value at the end of the label line, as given',
  );
  t.strictSame(findAll(svg, 'text', 'chart-tick').map(textOf), ['60%', '70%', '80%', '90%', '100%'], 'the ticks of the axis');
});

t.test('no target anywhere: no legend; the default axis comes from the shares and targets', async (t) => {
  const items = [
    { label: 'A', share: 0.81, interval: [0.2, 0.99] as [number, number] },
    { label: 'B', share: 0.86 },
  ];
  const svg = expectChartFrame(t, dotChart({ ...base, items }), base);
  t.equal(findAll(svg, 'g', 'chart-legend').length, 0);
  t.strictSame(dotChartAxis(items), shareAxis([0.81, 0.86]), 'intervals do not widen the axis');
  t.equal(findAll(svg, 'text', 'chart-tick').map(textOf)[0], '70%');
  const long = dotChart({ ...base, items: [{ label: 'Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa và các chi nhánh', share: 0.9 }] });
  t.ok(findAll(expectChartFrame(t, long, base), 'tspan').length > 1, 'a long name wraps instead of running off');
});
