// Geometry checked by hand: width 600 with a 150 label column and a 150 value column leaves the plot
// from x = 150 to x = 450, 300 units for 0–100%.
import t from 'tap';
import { barChart, type BarChartOptions } from '../../server/charts/bar-chart.ts';
import { formatPercent } from '../../server/i18n/format.ts';
import { attrNum, expectChartFrame, findAll, parseSvg, textOf, type Node } from '../helpers/svg.ts';

const base: BarChartOptions = {
  id: 'elements',
  title: 'Chỉ số hài lòng theo yếu tố',
  description: 'Năm yếu tố, với khoảng tin cậy 95% và chỉ tiêu 80%.',
  formatShare: (s) => formatPercent(s, 'vi'),
  noDataLabel: 'chưa có dữ liệu',
  width: 600,
  labelWidth: 150,
  valueWidth: 150,
  items: [],
};
const PLOT_LEFT = 150;
const PLOT_WIDTH = 300;

const rows = (svg: Node) => findAll(svg, 'g', 'chart-row');
const bar = (row: Node) => findAll(row, 'rect', 'chart-bar')[0];

t.test('bars, whiskers and values', async (t) => {
  const markup = barChart({
    ...base,
    formatN: (n) => `(n = ${n})`,
    items: [
      { label: 'E1. Tiếp cận dịch vụ', share: 0.8, interval: [0.75, 0.85], n: 400 },
      { label: 'E2. Thủ tục hành chính', share: 0.8104, interval: null, n: 120 },
      { label: 'E3. Công chức', share: 1, interval: [0.9, 1], n: 40 },
    ],
  });
  const svg = expectChartFrame(t, markup, base);
  const [e1, e2, e3] = rows(svg) as [Node, Node, Node];
  t.equal(rows(svg).length, 3, 'a row per item');
  t.equal(attrNum(bar(e1)!, 'x'), PLOT_LEFT, 'bars start at 0%');
  t.equal(attrNum(bar(e1)!, 'width'), 0.8 * PLOT_WIDTH, 'a share of 0.8 is 80% of the plot width');
  t.equal(attrNum(bar(e3)!, 'width'), PLOT_WIDTH, '100% fills the plot');
  t.equal(attrNum(bar(e2)!, 'width'), 243.12, '0.8104 → 243.12');

  const whisker = findAll(e1, 'path', 'chart-whisker')[0]!;
  t.match(whisker.attrs['d'], /^M375 [\d.]+H405M375 /, 'the interval runs from 75% (x 375) to 85% (x 405), with caps at both ends');
  t.equal(findAll(e2, 'path', 'chart-whisker').length, 0, 'no interval, no whisker');
  t.equal(findAll(e1, 'path', 'chart-halo').length, 1, 'a halo keeps the whisker visible over the bar');

  t.strictSame(
    rows(svg).map((r) => textOf(findAll(r, 'text', 'chart-value')[0]!)),
    ['80,00% (n = 400)', '81,04% (n = 120)', '100,00% (n = 40)'],
    'values formatted by the caller, n appended',
  );
  t.strictSame(
    rows(svg).map((r) => attrNum(findAll(r, 'text', 'chart-value')[0]!, 'x')),
    [458, 458, 458],
    'values line up in one column past 100%',
  );
  t.strictSame(
    rows(svg).map((r) => textOf(findAll(r, 'text', 'chart-label')[0]!)),
    ['E1. Tiếp cận dịch\nvụ', 'E2. Thủ tục hành\nchính', 'E3. Công chức'],
    'labels, wrapped to their column (136 units)',
  );
  const tops = rows(svg).map((r) => attrNum(bar(r)!, 'y'));
  t.ok(tops[0]! < tops[1]! && tops[1]! < tops[2]!, 'rows go down the page in the given order');
  t.equal(findAll(svg, 'g', 'chart-target').length, 0, 'no target given, no target line');
  t.strictSame(findAll(svg, 'text', 'chart-tick').map(textOf), ['0%', '20%', '40%', '60%', '80%', '100%'], 'the axis is 0–100%');
  t.strictSame(
    findAll(svg, 'line', 'chart-grid').map((l) => attrNum(l, 'x1')),
    [150, 210, 270, 330, 390, 450],
    'gridlines at every 20%',
  );
});

t.test('the target line', async (t) => {
  const svg = parseSvg(
    barChart({
      ...base,
      target: { threshold: 0.8, label: 'Chỉ tiêu > 80%' },
      items: [{ label: 'E1', share: 0.5, interval: [0.4, 0.6], n: 50 }],
    }),
  );
  const target = findAll(svg, 'g', 'chart-target')[0]!;
  const line = findAll(target, 'line', 'chart-target-line')[0]!;
  t.equal(attrNum(line, 'x1'), 390, 'at 80%: 150 + 0.8 × 300');
  t.equal(attrNum(line, 'x2'), 390, 'vertical');
  t.equal(line.attrs['stroke-dasharray'], '6 3', 'dashed, so it is not told from the gridlines by colour alone');
  const label = findAll(target, 'text', 'chart-target-label')[0]!;
  t.equal(textOf(label), 'Chỉ tiêu > 80%', 'labelled');
  t.ok(attrNum(label, 'y') > 0 && attrNum(label, 'y') < attrNum(bar(rows(svg)[0]!)!, 'y'), 'the label sits above the bars');

  const edge = parseSvg(
    barChart({
      ...base,
      target: { threshold: 1, label: 'Chỉ tiêu ≥ 100% với một nhãn rất dài thêm nữa' },
      items: [{ label: 'E1', share: 0.5, n: 50 }],
    }),
  );
  const edgeLabel = findAll(edge, 'text', 'chart-target-label')[0]!;
  t.equal(edgeLabel.attrs['text-anchor'], 'end', 'a label that would leave the chart is anchored at its right edge');
  t.equal(attrNum(edgeLabel, 'x'), 600);

  const over = parseSvg(barChart({ ...base, target: { threshold: 1.5, label: 'x' }, items: [{ label: 'E1', share: 0.5, n: 50 }] }));
  t.equal(attrNum(findAll(over, 'line', 'chart-target-line')[0]!, 'x1'), 450, 'a threshold past 100% is drawn at 100%');
});

t.test('an index without data', async (t) => {
  const svg = parseSvg(
    barChart({
      ...base,
      items: [
        { label: 'E1', share: 0.7, interval: [0.6, 0.8], n: 60 },
        { label: 'E3. Công chức', share: null, interval: null, n: 0 },
      ],
    }),
  );
  const [, none] = rows(svg) as [Node, Node];
  t.equal(findAll(none, 'rect').length, 0, 'no bar, not even a zero-width one');
  t.equal(findAll(none, 'text', 'chart-value').length, 0, 'and no value');
  t.equal(textOf(findAll(none, 'text', 'chart-nodata')[0]!), 'chưa có dữ liệu', 'the no-data words instead');
  t.equal(findAll(none, 'text', 'chart-nodata')[0]!.attrs['font-style'], 'italic', 'set apart from values');
  t.equal(textOf(findAll(none, 'text', 'chart-label')[0]!), 'E3. Công chức', 'still labelled');
});

t.test('intervals and shares are clamped to 0–1', async (t) => {
  const svg = parseSvg(barChart({ ...base, items: [{ label: 'x', share: 1.2, interval: [1.3, -0.2], n: 5 }] }));
  const row = rows(svg)[0]!;
  t.equal(attrNum(bar(row)!, 'width'), PLOT_WIDTH, 'a share above 1 fills the plot and no more');
  t.match(findAll(row, 'path', 'chart-whisker')[0]!.attrs['d'], /^M150 [\d.]+H450M/, 'the whisker runs from 0% to 100%');
});

t.test('labels are escaped', async (t) => {
  const evil = `<script>&"'`;
  const markup = barChart({
    ...base,
    title: evil,
    description: evil,
    noDataLabel: evil,
    formatShare: () => evil,
    target: { threshold: 0.5, label: evil },
    items: [
      { label: evil, share: 0.5, n: 1 },
      { label: 'b', share: null, n: 0 },
    ],
  });
  t.notMatch(markup, /<script|&(?!amp;|lt;|gt;|quot;|apos;)/, 'no raw tag or bare ampersand');
  t.match(markup, /&lt;script&gt;&amp;&quot;&apos;/);
  const svg = parseSvg(markup);
  t.equal(
    findAll(svg, 'text')
      .map(textOf)
      .filter((s) => s === evil).length,
    4,
    'label, value, no-data text and target label read back exactly',
  );
});

t.test('default columns fit their text', async (t) => {
  const svg = parseSvg(
    barChart({
      ...base,
      labelWidth: undefined,
      valueWidth: undefined,
      width: 640,
      items: [
        { label: 'E1', share: 0.5, n: 1 },
        { label: 'E2', share: null, n: 0 },
      ],
    }),
  );
  // "E1" is 1.38 em, 19.32 units: the label column is its minimum, 64. "50,00%" is 4 digits, a comma
  // and a percent sign, 3.92 em = 54.88 units, plus 12: the value column is 66.88.
  t.equal(attrNum(bar(rows(svg)[0]!)!, 'x'), 64);
  t.equal(attrNum(bar(rows(svg)[0]!)!, 'width'), 254.56, 'half of 640 − 64 − 66.88');
  t.throws(() => barChart({ ...base, width: 200, labelWidth: 100, valueWidth: 80 }), /no room/, 'columns that leave no plot are refused');
});

t.test('empty', async (t) => {
  const svg = expectChartFrame(t, barChart(base), base);
  t.equal(rows(svg).length, 0, 'no rows');
});
