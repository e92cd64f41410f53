// Geometry checked by hand on the default 640 × 280 viewBox: the widest tick label "100%" is three
// digits and a percent sign, 2.92 em = 40.88 units, so the plot starts at 52.88 and ends at 640 − 12 =
// 628; it runs from y 20 (100%) to y 244 (0%), 224 units. Four months give bands of 575.12 / 4 =
// 143.78 with points at their middles.
import t from 'tap';
import { trendChart, type TrendChartOptions } from '../../server/charts/trend-chart.ts';
import { formatPercent } from '../../server/i18n/format.ts';
import { attrNum, expectChartFrame, findAll, parseSvg, textOf } from '../helpers/svg.ts';

const base: TrendChartOptions = {
  id: 'trend',
  title: 'Chỉ số hài lòng chung theo tháng',
  description: 'Từ 01/2026 đến 04/2026; tháng 02 không có phiếu.',
  formatShare: (s) => formatPercent(s, 'vi'),
  noDataLabel: 'chưa có dữ liệu',
  points: [],
};
// Rounded as the chart writes coordinates: to two decimals.
const y = (share: number) => Math.round((244 - share * 224) * 100) / 100;
const X = [124.77, 268.55, 412.33, 556.11];

const fourMonths: TrendChartOptions['points'] = [
  { label: '01/2026', share: 0.5, interval: [0.4, 0.6], n: 50 },
  { label: '02/2026', share: null, interval: null, n: 0 },
  { label: '03/2026', share: 0.7, interval: [0.6, 0.8], n: 80 },
  { label: '04/2026', share: 0.9, interval: [0.85, 1.1], n: 90 },
];

t.test('axis and gridlines', async (t) => {
  const svg = expectChartFrame(t, trendChart({ ...base, points: fourMonths }), base);
  const lines = [...findAll(svg, 'line', 'chart-axis'), ...findAll(svg, 'line', 'chart-grid')];
  t.strictSame(
    lines.map((l) => attrNum(l, 'y1')).sort((a, b) => b - a),
    [244, 199.2, 154.4, 109.6, 64.8, 20],
    'gridlines at 0, 20, … 100%',
  );
  t.ok(
    lines.every((l) => attrNum(l, 'x1') === 52.88 && attrNum(l, 'x2') === 628),
    'across the plot',
  );
  t.equal(findAll(svg, 'line', 'chart-axis').length, 1, 'the 0% line is the axis');
  t.strictSame(
    findAll(svg, 'text', 'chart-tick').map(textOf),
    ['0%', '20%', '40%', '60%', '80%', '100%', '01/2026', '02/2026', '03/2026', '04/2026'],
    'the y axis is 0–100% whatever the data, and every month is labelled',
  );
});

t.test('a missing month breaks the line', async (t) => {
  const svg = parseSvg(trendChart({ ...base, points: fourMonths }));
  const paths = findAll(svg, 'path', 'chart-line');
  t.equal(paths.length, 1, 'one line: January stands alone, March–April are joined, February is not bridged');
  t.equal(paths[0]!.attrs['d'], `M${X[2]} ${y(0.7)}L${X[3]} ${y(0.9)}`);
  const markers = findAll(svg, 'circle', 'chart-marker');
  t.strictSame(
    markers.map((m) => [attrNum(m, 'cx'), attrNum(m, 'cy')]),
    [
      [X[0], y(0.5)],
      [X[2], y(0.7)],
      [X[3], y(0.9)],
    ],
    'a marker for each month with data, none for February (not a 0%)',
  );
  t.strictSame(
    findAll(svg, 'title').slice(1).map(textOf),
    ['01/2026: 50,00%', '03/2026: 70,00%', '04/2026: 90,00%'],
    'each marker has a tooltip',
  );
});

t.test('intervals: a band between neighbours, a whisker for a lone month, clamped to 0–1', async (t) => {
  const svg = parseSvg(trendChart({ ...base, points: fourMonths }));
  const bands = findAll(svg, 'polygon', 'chart-band');
  t.equal(bands.length, 1);
  t.equal(
    bands[0]!.attrs['points'],
    `${X[2]},${y(0.8)} ${X[3]},20 ${X[3]},${y(0.85)} ${X[2]},${y(0.6)}`,
    'upper edge forwards, lower edge back; 1.1 clamped to 100%',
  );
  const whiskers = findAll(svg, 'path', 'chart-whisker');
  t.equal(whiskers.length, 1, 'January has no neighbour to shade towards');
  t.match(whiskers[0]!.attrs['d'], new RegExp(`^M${X[0]} ${y(0.4)}V${y(0.6)}M`));

  const asWhiskers = parseSvg(trendChart({ ...base, points: fourMonths, intervalStyle: 'whiskers' }));
  t.equal(findAll(asWhiskers, 'polygon').length, 0, 'whiskers when asked');
  t.equal(findAll(asWhiskers, 'path', 'chart-whisker').length, 3);
});

t.test('the target line', async (t) => {
  const svg = parseSvg(trendChart({ ...base, points: fourMonths, target: { threshold: 0.8, label: 'Chỉ tiêu > 80%' } }));
  const line = findAll(svg, 'line', 'chart-target-line')[0]!;
  t.strictSame(
    [attrNum(line, 'x1'), attrNum(line, 'x2'), attrNum(line, 'y1'), attrNum(line, 'y2')],
    [52.88, 628, y(0.8), y(0.8)],
    'horizontal at 80%',
  );
  t.equal(line.attrs['stroke-dasharray'], '6 3', 'dashed');
  t.equal(textOf(findAll(svg, 'text', 'chart-target-label')[0]!), 'Chỉ tiêu > 80%', 'labelled');
});

t.test('two years of months: labels thinned so they do not overlap', async (t) => {
  const points = Array.from({ length: 36 }, (_, i) => ({
    label: `${String((i % 12) + 1).padStart(2, '0')}/${2024 + Math.floor(i / 12)}`,
    share: 0.8,
    interval: null,
    n: 40,
  }));
  const svg = parseSvg(trendChart({ ...base, points }));
  // Band 575.12 / 36 = 15.98; a label (six digits and a slash, 4.2 em) needs 58.8 + 8 = 66.8, so every 5th month.
  t.strictSame(findAll(svg, 'text', 'chart-tick').map(textOf).slice(6), [
    '01/2024',
    '06/2024',
    '11/2024',
    '04/2025',
    '09/2025',
    '02/2026',
    '07/2026',
    '12/2026',
  ]);
  t.equal(findAll(svg, 'circle', 'chart-marker').length, 36, 'every month still has its marker');
});

t.test('no data at all', async (t) => {
  for (const points of [[], [{ label: '01/2026', share: null, interval: null, n: 0 }]]) {
    const svg = expectChartFrame(t, trendChart({ ...base, points }), base);
    t.equal(textOf(findAll(svg, 'text', 'chart-nodata')[0]!), 'chưa có dữ liệu', 'says so');
    t.equal(findAll(svg, 'circle').length + findAll(svg, 'path', 'chart-line').length, 0, 'draws nothing');
  }
  const some = parseSvg(trendChart({ ...base, points: fourMonths }));
  t.equal(findAll(some, 'text', 'chart-nodata').length, 0, 'not shown when a month has data');
});

t.test('escaping', async (t) => {
  const evil = `<script>&"'`;
  const markup = trendChart({
    ...base,
    formatShare: () => evil,
    target: { threshold: 0.5, label: evil },
    points: [{ label: evil, share: 0.5, interval: null, n: 1 }],
  });
  t.notMatch(markup, /<script|&(?!amp;|lt;|gt;|quot;|apos;)/);
  const svg = parseSvg(markup);
  t.equal(
    findAll(svg, 'text')
      .map(textOf)
      .filter((s) => s === evil).length,
    2,
    'month label and target label',
  );
  t.equal(textOf(findAll(svg, 'title')[1]!), `${evil}: ${evil}`, 'tooltip');
});

t.test('a zoomed axis, the month not over and dated events (issue 14)', async (t) => {
  const points = ['01', '02', '03'].map((m, i) => ({
    label: `${m}/2026`,
    share: 0.8 + i * 0.02,
    interval: [0.75, 0.9] as [number, number],
  }));
  const markup = trendChart({
    id: 'zoom',
    title: 'Xu hướng',
    description: 'Ba tháng.',
    points,
    formatShare: (s) => `${Math.round(s * 100)}%`,
    noDataLabel: 'chưa có dữ liệu',
    axis: { lo: 0.6, hi: 1, ticks: [0.6, 0.7, 0.8, 0.9, 1], full: false },
    partial: { index: 2, label: 'đến 07/03' },
    markers: [
      { index: 0, label: 'KH 1' },
      { index: 2, label: 'KH 2' },
    ],
  });
  const svg = parseSvg(markup);
  t.strictSame(findAll(svg, 'text', 'chart-tick').slice(0, 5).map(textOf), ['60%', '70%', '80%', '90%', '100%'], 'the axis given');
  const dots = findAll(svg, 'circle', 'chart-marker');
  t.equal(dots.length, 3);
  t.ok(dots[2]!.attrs['class']!.includes('chart-marker--partial'), 'the month not over has a hollow dot');
  t.equal(findAll(svg, 'rect').length, 1, 'and a shaded column');
  t.equal(textOf(findAll(svg, 'text', 'chart-partial-label')[0]!), 'đến 07/03 · KH 2', 'an event in that month shares its label');
  t.strictSame(findAll(svg, 'text', 'chart-event-label').map(textOf), ['KH 1'], 'the other event labelled on its own');
  t.equal(findAll(svg, 'g', 'chart-event').length, 2, 'a line for each event');
  const axisLine = findAll(svg, 'line', 'chart-axis')[0]!;
  const top = findAll(svg, 'line', 'chart-grid').at(-1)!;
  const at80 = attrNum(axisLine, 'y1') + ((attrNum(top, 'y1') - attrNum(axisLine, 'y1')) * (0.8 - 0.6)) / 0.4;
  t.ok(Math.abs(attrNum(dots[0]!, 'cy') - at80) < 0.02, '80% halfway up a 60–100% axis');
});
