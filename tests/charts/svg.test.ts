import t from 'tap';
import { chartRoot, drawable, drawableInterval, el, num, text, textWidth, wrapText, type Svg } from '../../server/charts/svg.ts';
import { contrastRatio, GRID, HEAT_STEPS, INK, MARK, MUTED, PAGE, TARGET } from '../../server/charts/palette.ts';
import { escapeXml } from '../../server/domain/text.ts';
import { qrSvg } from '../../server/domain/qr.ts';
import { expectChartFrame, parseSvg } from '../helpers/svg.ts';

t.test('escaping', async (t) => {
  t.equal(escapeXml(`<script>&"'`), '&lt;script&gt;&amp;&quot;&apos;');
  t.equal(escapeXml('Tiếp cận dịch vụ'), 'Tiếp cận dịch vụ', 'Vietnamese passes unchanged');
  t.equal(el('text', { 'data-x': `a"b<c` }, text('x & y')), '<text data-x="a&quot;b&lt;c">x &amp; y</text>', 'attributes and content');
  t.equal(
    el('rect', { x: 1.006, y: -0.001, hidden: false, title: null }),
    '<rect x="1.01" y="0"/>',
    'numbers rounded, absent attributes left out',
  );
  t.match(qrSvg('https://x.vn/s/A', { label: '<&>' }), /aria-label="&lt;&amp;&gt;"/, 'the QR code uses the same escaping');
});

t.test('numbers and shares', async (t) => {
  t.equal(num(-0.0001), '0', 'no negative zero');
  t.equal(num(12.345678), '12.35');
  t.equal(drawable(null), null);
  t.equal(drawable(Number.NaN), null, 'NaN is no data, not 0');
  t.equal(drawable(1.3), 1);
  t.strictSame(drawableInterval([1.2, -0.1]), [0, 1], 'ordered and clamped');
  t.equal(drawableInterval([0.1, Number.POSITIVE_INFINITY]), null);
});

t.test('measuring and wrapping labels', async (t) => {
  // In em: capitals 0.74, digits 0.64, narrow marks and i, l, t 0.36, m, w and % 1, other letters 0.6; 14 units an em.
  t.equal(Math.round(textWidth('E1. Tiếp') * 100) / 100, 61.6, '"E1. Tiếp": 0.74 + 0.64 + 0.36 + 0.36 + 0.74 + 0.36 + 0.6 + 0.6 = 4.4 em');
  t.equal(textWidth('Tiê\u0301p'), textWidth('Tiếp'), 'decomposed Vietnamese measures as composed');
  t.strictSame(wrapText('E1. Tiếp cận dịch vụ', 84), ['E1. Tiếp', 'cận dịch', 'vụ'], '"E1. Tiếp cận" would be 6.56 em = 91.84 units');
  t.strictSame(wrapText('1234567890123456789', 84), ['123456789', '012345678', '9'], 'a long word is cut: nine digits of 8.96 units fit');
  t.strictSame(wrapText('', 84), [''], 'an empty label is one empty line');
});

t.test('the root element', async (t) => {
  const frame = { id: 'chart-1', title: 'Tiêu đề <b>', description: 'Mô tả & "chi tiết"' };
  const svg = chartRoot(frame, 100, 50, 'test', el('rect', { width: 1, height: 1 }));
  const root = expectChartFrame(t, svg, frame);
  t.equal(root.attrs['aria-labelledby'], 'chart-1-title');
  t.equal(root.attrs['aria-describedby'], 'chart-1-desc');
  t.equal(root.attrs['class'], 'chart chart--test');
  t.match(svg, /Tiêu đề &lt;b&gt;/, 'the title is escaped');
  const bare = parseSvg(chartRoot({ ...frame, description: ' ', className: 'wide' }, 100, 50, 'test', '' as Svg));
  t.equal(bare.attrs['aria-describedby'], undefined, 'no description, no aria-describedby');
  t.equal(bare.attrs['class'], 'chart chart--test wide');
  t.throws(
    () => chartRoot({ ...frame, id: 'a b"' }, 1, 1, 'test', '' as Svg),
    /plain identifier/,
    'an id that is not an identifier is refused',
  );
});

t.test('the well-formedness check catches what it should', async (t) => {
  t.throws(() => parseSvg('<svg><g></svg>'), /closes/);
  t.throws(() => parseSvg('<svg>a & b</svg>'), /bad entity/);
  t.throws(() => parseSvg('<svg><text>1 < 2</text></svg>'), /malformed tag|bare/);
  t.throws(() => parseSvg('<svg x=1></svg>'), /malformed/);
  t.throws(() => parseSvg('<svg>'), /unclosed/);
  t.equal(parseSvg('<svg><text>a &amp; b</text></svg>').children[0]!.text, 'a & b');
});

t.test('colours meet WCAG contrast', async (t) => {
  for (const [name, c] of Object.entries({ MARK, TARGET, INK, MUTED })) {
    t.ok(contrastRatio(c, PAGE) >= 4.5, `${name} ${c} on the page: ${contrastRatio(c, PAGE).toFixed(2)}:1`);
  }
  t.ok(contrastRatio(GRID, PAGE) < 3, 'gridlines stay quiet: they are guides, not data');
  for (const step of HEAT_STEPS) {
    t.ok(contrastRatio(step.fill, step.ink) >= 4.5, `count text on ${step.fill}: ${contrastRatio(step.fill, step.ink).toFixed(2)}:1`);
  }
  t.equal(contrastRatio('#000000', '#ffffff'), 21);
});
