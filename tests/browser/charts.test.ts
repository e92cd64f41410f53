// The server-drawn charts in Chromium, as a dashboard will show them: a page served under the app's
// own Content-Security-Policy (copied from a real response) with the app's stylesheet, each chart
// followed by its data table. It must be WCAG A/AA clean, raise no CSP violation, parse as XML,
// expose each chart as one named image, and — with the browser's real fonts — keep every text
// inside its chart and every label clear of the bars, which the server only estimates.
import t from 'tap';
import type { Page } from 'playwright-core';
import { barChart, heatMap, shareBars, trendChart } from '../../server/charts/index.ts';
import { formatNumber, formatPercent } from '../../server/i18n/format.ts';
import { escapeXml } from '../../server/domain/text.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';

let harness: BrowserApp;
let policy: string;
t.before(async () => {
  harness = await startBrowserApp();
  policy = (await fetch(`${harness.baseUrl}/sign-in`)).headers.get('content-security-policy') ?? '';
});
t.teardown(() => harness?.close());

const EVIL = `<script>&"'`;
const pct = (s: number) => formatPercent(s, 'vi');
const target = { threshold: 0.8, label: 'Chỉ tiêu > 80%' };

const elements = [
  {
    label: 'E1. Tiếp cận dịch vụ hành chính công của cơ quan hành chính nhà nước',
    share: 0.8104,
    interval: [0.78, 0.84] as [number, number],
    n: 1234,
  },
  { label: 'E2. Thủ tục hành chính', share: 0.62, interval: [0.55, 0.69] as [number, number], n: 210 },
  { label: 'E3. Sự phục vụ của công chức', share: null, interval: null, n: 0 },
  { label: 'E4. Kết quả giải quyết', share: 1, interval: [0.91, 1] as [number, number], n: 40 },
  { label: EVIL, share: 0.05, interval: [0.01, 0.2] as [number, number], n: 40 },
];
const months = Array.from({ length: 24 }, (_, i) => ({
  label: `${String((i % 12) + 1).padStart(2, '0')}/${2025 + Math.floor(i / 12)}`,
  share: i === 4 || i === 9 ? null : 0.7 + 0.05 * Math.sin(i / 2),
  interval: [0.64 + 0.05 * Math.sin(i / 2), 0.76 + 0.05 * Math.sin(i / 2)] as [number, number],
  n: 120,
}));
const counts = Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d < 5 && h >= 7 && h <= 17 ? 10 * d + h * 3 : 0)));
const expectations = [
  { label: 'Rút ngắn thời gian giải quyết', share: 0.45, n: 45 },
  { label: 'Giảm giấy tờ', share: 0.3, n: 30 },
  { label: 'Khác', share: null },
];

const charts = [
  barChart({
    id: 'elements',
    title: 'Chỉ số theo yếu tố',
    description: 'Năm yếu tố so với chỉ tiêu 80%.',
    items: elements,
    formatShare: pct,
    formatN: (n) => `(n = ${formatNumber(n)})`,
    noDataLabel: 'chưa có dữ liệu',
    target,
  }),
  trendChart({
    id: 'trend',
    title: 'Xu hướng theo tháng',
    description: 'Hai năm; tháng 05/2025 và 10/2025 không có phiếu.',
    points: months,
    formatShare: pct,
    noDataLabel: 'chưa có dữ liệu',
    target,
  }),
  heatMap({
    id: 'hours',
    title: 'Phiếu theo giờ',
    description: 'Phiếu theo giờ và ngày trong tuần.',
    counts,
    weekdayLabels: ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'],
    formatCount: (n) => formatNumber(n),
    legendLabel: 'Số phiếu',
  }),
  shareBars({
    id: 'expectations',
    title: 'Mong đợi',
    description: 'Tỷ lệ chọn mỗi mong đợi.',
    items: expectations,
    formatShare: pct,
    noDataLabel: 'chưa có dữ liệu',
  }),
];

/** A chart as the dashboards are to show it: in a scrolling frame, captioned, with its table after it. */
function figure(svg: string, id: string, rows: [string, string][]): string {
  const body = rows.map(([k, v]) => `<tr><th scope="row">${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`).join('');
  return `<figure>
  <figcaption id="${id}-caption">${id}</figcaption>
  <div class="chart-scroll" tabindex="0" role="group" aria-labelledby="${id}-caption">${svg}</div>
  <table><caption>${id}</caption><thead><tr><th scope="col">Mục</th><th scope="col">Giá trị</th></tr></thead><tbody>${body}</tbody></table>
</figure>`;
}

function harnessPage(extra = ''): string {
  const tables: [string, string][][] = [
    elements.map((e) => [e.label, e.share === null ? 'chưa có dữ liệu' : pct(e.share)]),
    months.map((m) => [m.label, m.share === null ? 'chưa có dữ liệu' : pct(m.share)]),
    [['T2 8', String(counts[0]![8])]],
    expectations.map((e) => [e.label, e.share === null ? 'chưa có dữ liệu' : pct(e.share)]),
  ];
  const ids = ['elements', 'trend', 'hours', 'expectations'];
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Biểu đồ</title><link rel="stylesheet" href="/public/css/app.css"></head>
<body><main id="main" class="container"><h1>Biểu đồ</h1>
${charts.map((c, i) => figure(c, ids[i]!, tables[i]!)).join('\n')}
${extra}
</main></body></html>`;
}

/** Serves the harness at a path of the app's origin, with the app's CSP, without adding a route to the app. */
async function openHarness(page: Page, html: string): Promise<void> {
  await page.route(`${harness.baseUrl}/__charts`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': policy }, body: html }),
  );
  await page.goto('/__charts');
  await page.waitForLoadState('load');
}

t.test('the harness enforces the app’s CSP', async (t) => {
  t.match(policy, /style-src 'self'/, 'the app refuses inline styles');
  const page = await harness.newPage();
  const csp = watchCsp(page);
  await openHarness(page, harnessPage('<p style="color: red">x</p>'));
  t.ok(csp.length > 0, 'a style attribute on the page is reported, so a clean run below means something');
});

for (const width of [1280, 360]) {
  t.test(`charts in a page, ${width} px wide`, async (t) => {
    const page = await harness.newPage({ width, height: 900 });
    const csp = watchCsp(page);
    await openHarness(page, harnessPage());
    t.equal(
      await page.locator('link[rel=stylesheet]').evaluate((l) => (l as HTMLLinkElement).sheet !== null),
      true,
      'the app stylesheet loaded',
    );
    await expectAccessible(t, page, `charts at ${width} px`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');

    for (const [id, name] of [
      ['elements', 'Chỉ số theo yếu tố'],
      ['trend', 'Xu hướng theo tháng'],
      ['hours', 'Phiếu theo giờ'],
      ['expectations', 'Mong đợi'],
    ] as const) {
      t.equal(await page.getByRole('img', { name, exact: true }).getAttribute('id'), id, `${id}: one image named by its title`);
    }

    const parsed = await page.evaluate(
      (markup) => markup.map((m) => new DOMParser().parseFromString(m, 'image/svg+xml').getElementsByTagName('parsererror').length),
      charts,
    );
    t.strictSame(parsed, [0, 0, 0, 0], 'each chart parses as XML');
    t.equal(await page.locator('#elements .chart-label').last().textContent(), EVIL, 'a hostile label is shown as text, not markup');
    t.equal(await page.locator('script').count(), 0, 'and runs nothing');

    const layout = await page.evaluate(() =>
      Array.from(document.querySelectorAll('svg.chart')).map((svg) => {
        const s = svg as SVGSVGElement;
        const vb = s.viewBox.baseVal;
        const outside = Array.from(s.querySelectorAll('text'))
          .filter((tx) => {
            const b = tx.getBBox();
            return b.x < -0.5 || b.y < -0.5 || b.x + b.width > vb.width + 0.5 || b.y + b.height > vb.height + 0.5;
          })
          .map((tx) => tx.textContent);
        const bars = Array.from(s.querySelectorAll('.chart-bar, .chart-nodata, .chart-cell rect')).map(
          (b) => (b as SVGGraphicsElement).getBBox().x,
        );
        const plotLeft = bars.length > 0 ? Math.min(...bars) : Infinity;
        const overlapping = Array.from(s.querySelectorAll('.chart-label'))
          .filter((l) => {
            const b = (l as SVGGraphicsElement).getBBox();
            return b.x + b.width > plotLeft;
          })
          .map((l) => l.textContent);
        const box = s.getBoundingClientRect();
        const frame = s.parentElement!.getBoundingClientRect();
        return {
          id: s.id,
          outside,
          overlapping,
          width: box.width,
          height: box.height,
          ratio: box.width / box.height,
          viewRatio: vb.width / vb.height,
          frame: frame.width,
        };
      }),
    );
    for (const c of layout) {
      t.strictSame(c.outside, [], `${c.id}: every text inside the viewBox with real fonts`);
      t.strictSame(c.overlapping, [], `${c.id}: labels clear of the bars`);
      t.ok(
        Math.abs(c.ratio - c.viewRatio) < 0.01,
        `${c.id}: scaled by CSS keeping its proportions (${c.width.toFixed(0)} × ${c.height.toFixed(0)})`,
      );
      const max = c.id === 'hours' ? 800 : 704;
      const min = c.id === 'hours' ? 720 : 512;
      const expected = Math.min(max, Math.max(min, c.frame));
      t.ok(Math.abs(c.width - expected) < 1, `${c.id}: ${expected} px wide in a ${c.frame.toFixed(0)} px frame`);
    }
    if (width === 360) {
      const scrolls = await page
        .locator('.chart-scroll')
        .first()
        .evaluate((d) => d.scrollWidth > d.clientWidth);
      t.ok(scrolls, 'on a phone the chart keeps a readable size and scrolls sideways in its frame');
    }
  });
}
