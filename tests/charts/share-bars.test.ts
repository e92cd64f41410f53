// Width 500 with a 150 label column and a 100 value column: bars from x = 150 over 250 units.
import t from 'tap';
import { shareBars, type ShareBarsOptions } from '../../server/charts/share-bars.ts';
import { formatPercent } from '../../server/i18n/format.ts';
import { attrNum, expectChartFrame, findAll, parseSvg, textOf, type Node } from '../helpers/svg.ts';

const base: ShareBarsOptions = {
  id: 'expectations',
  title: 'Mong đợi của người dân',
  description: 'Tỷ lệ người chọn mỗi mong đợi; một người chọn được nhiều mong đợi.',
  formatShare: (s) => formatPercent(s, 'vi', 0),
  noDataLabel: 'chưa có dữ liệu',
  width: 500,
  labelWidth: 150,
  valueWidth: 100,
  items: [],
};

t.test('bars on a 100% track', async (t) => {
  const markup = shareBars({
    ...base,
    formatN: (n) => `(${n})`,
    items: [
      { label: 'Rút ngắn thời gian', share: 0.45, n: 45 },
      { label: 'Giảm giấy tờ', share: 0.3, n: 30 },
      { label: 'Khác', share: null },
    ],
  });
  const svg = expectChartFrame(t, markup, base);
  const rows = findAll(svg, 'g', 'chart-row') as [Node, Node, Node];
  const bar = (r: Node) => findAll(r, 'rect', 'chart-bar')[0]!;
  t.strictSame([attrNum(bar(rows[0]), 'x'), attrNum(bar(rows[0]), 'width')], [150, 112.5], '45% of 250');
  t.equal(attrNum(bar(rows[1]), 'width'), 75, '30% of 250');
  t.equal(attrNum(findAll(rows[0], 'rect', 'chart-track')[0]!, 'width'), 250, 'the track is the whole');
  t.strictSame(
    rows.slice(0, 2).map((r) => [textOf(findAll(r, 'text', 'chart-value')[0]!), attrNum(findAll(r, 'text', 'chart-value')[0]!, 'x')]),
    [
      ['45% (45)', 408],
      ['30% (30)', 408],
    ],
    'values in a column after the track',
  );
  t.equal(findAll(rows[2], 'rect').length, 0, 'no data: no bar and no track');
  t.equal(textOf(findAll(rows[2], 'text', 'chart-nodata')[0]!), 'chưa có dữ liệu');
  t.equal(findAll(svg, 'line').length, 0, 'no axis or target: parts of a whole');
});

t.test('escaping', async (t) => {
  const evil = `<script>&"'`;
  const markup = shareBars({
    ...base,
    formatShare: () => evil,
    noDataLabel: evil,
    items: [
      { label: evil, share: 0.5 },
      { label: 'b', share: null },
    ],
  });
  t.notMatch(markup, /<script|&(?!amp;|lt;|gt;|quot;|apos;)/);
  t.equal(
    findAll(parseSvg(markup), 'text')
      .map(textOf)
      .filter((s) => s === evil).length,
    3,
  );
});
