// The methodology page against the engine and against docs/methodology.md: the worked example's
// numbers on the page, what computeIndices gives for the same counts, and what the doc says must be
// one and the same, in Vietnamese and in English.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtInDefinitions } from '../../server/db/queries/questionnaires.ts';
import { computeIndices, verdict } from '../../server/domain/indices.ts';
import { questionMap } from '../../server/domain/questionnaire.ts';
import { wilson } from '../../server/domain/intervals.ts';
import {
  EXAMPLE_COUNTS,
  EXAMPLE_INTERVAL,
  EXAMPLE_QUESTIONNAIRE,
  EXAMPLE_TARGET,
  exampleCounts,
} from '../../server/domain/worked-example.ts';
import { formatPercent } from '../../server/i18n/format.ts';
import { translator, type Locale } from '../../server/i18n/index.ts';
import { buildTestApp } from '../helpers/app.ts';

const sipas = builtInDefinitions().find((d) => d.code === EXAMPLE_QUESTIONNAIRE)!;
const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'methodology.md'), 'utf8');

/** The engine's own results for the example counts, formatted as the page and the doc write them. */
function engineFigures(locale: Locale) {
  const pct = (x: number | null) => (x === null ? null : formatPercent(x, locale));
  const byRule = computeIndices(sipas, 'criterion-mean', exampleCounts(sipas));
  const pooled = computeIndices(sipas, 'pooled-share', exampleCounts(sipas)).elements.find((e) => e.code === 'E1')!;
  const element = byRule.elements.find((e) => e.code === 'E1')!;
  const criteria = Object.fromEntries(
    byRule.criteria
      .filter((c) => c.code in EXAMPLE_COUNTS.counts)
      .map((c) => [c.code, { share: pct(c.share), n: c.n, interval: c.interval }]),
  );
  const [low, high] = wilson(EXAMPLE_INTERVAL.satisfied, EXAMPLE_INTERVAL.n);
  return {
    criteria,
    element: { share: pct(element.share), n: element.n, interval: element.interval!, intervalUnit: element.intervalUnit },
    pooled: { share: pct(pooled.share), interval: pooled.interval! },
    interval: { of: `${EXAMPLE_INTERVAL.satisfied}/${EXAMPLE_INTERVAL.n}`, low: pct(low), high: pct(high) },
    verdict: verdict(element, EXAMPLE_TARGET),
  };
}

/** The worked example as docs/methodology.md writes it in one language. */
function docFigures(locale: Locale) {
  const [heading, next] = locale === 'vi' ? ['### Ví dụ tính tay', '## English'] : ['### Worked example', '\n## '];
  const start = doc.indexOf(heading);
  const rest = doc.slice(start + heading.length);
  const end = rest.indexOf(next);
  const text = (end < 0 ? rest : rest.slice(0, end)).replace(/\s+/g, ' ');
  const percent = String.raw`(\d+[.,]\d{2}%)`;
  const criteria: Record<string, { text: string; share: string | null }> = {};
  for (const m of text.matchAll(/(E1\.\d): (.*?)(?= E1\.\d:| Yếu tố| Element)/g)) {
    const after = m[2]!.split('→')[1] ?? '';
    criteria[m[1]!] = { text: m[2]!.split('→')[0]!, share: after.match(new RegExp(percent))?.[1] ?? null };
  }
  const wilsonMatch = text.match(new RegExp(String.raw`(\d+/\d+): \[${percent}[;,] ${percent}\]`));
  const byRespondents = text.match(new RegExp(String.raw`(?:theo người trả lời|by respondents)[^:]*: \[${percent}[;,] ${percent}\]`));
  return {
    text,
    criteria,
    elementInterval: byRespondents ? [byRespondents[1], byRespondents[2]] : null,
    e11n: Number(text.match(/n = (\d+)/)?.[1]),
    element: text.match(new RegExp(String.raw`\*\*${percent}\*\*`))?.[1],
    elementN: Number(text.match(/≈ (\d+)/)?.[1]),
    pooled: text.match(new RegExp(String.raw`(?:tỷ lệ gộp|pooled-share rule): [^=]*= ${percent}`))?.[1],
    interval: { of: wilsonMatch?.[1], low: wilsonMatch?.[2], high: wilsonMatch?.[3] },
    verdict: text.match(/→ \*\*([^*]+)\*\*/)?.[1],
  };
}

/** The example table's rows on the page: row code → the index and interval cells. */
function pageRows(html: string): Record<string, { index: string; interval: string }> {
  const rows: Record<string, { index: string; interval: string }> = {};
  for (const m of html.matchAll(/<tr data-code="([^"]+)">([\s\S]*?)<\/tr>/g)) {
    const cell = (name: string) =>
      (m[2]!.match(new RegExp(`data-value="${name}">([\\s\\S]*?)</td>`))?.[1] ?? '').replace(/<[^>]+>/g, '').trim();
    rows[m[1]!] = { index: cell('index'), interval: cell('interval') };
  }
  return rows;
}

const textOf = (html: string, attr: string) => html.match(new RegExp(`data-example="${attr}">([^<]*)<`))?.[1];

t.test('the doc states the counts the engine is given', async (t) => {
  // The Vietnamese text names the answers by the questionnaire's own words, so they map to values.
  const { criteria } = docFigures('vi');
  const e11 = questionMap(sipas).get('E1.1')!;
  const valueOf = new Map([...e11.options, ...(e11.noOpinion ? [e11.noOpinion] : [])].map((o) => [o.vi, String(o.value)]));
  t.same(Object.keys(criteria), Object.keys(EXAMPLE_COUNTS.counts), 'the same four criteria');
  for (const [code, counts] of Object.entries(EXAMPLE_COUNTS.counts)) {
    const stated: Record<string, number> = {};
    for (const m of criteria[code]!.text.matchAll(/(\d+) "([^"]+)"/g)) stated[valueOf.get(m[2]!) ?? `unknown: ${m[2]}`] = Number(m[1]);
    t.same(stated, counts, `${code}: the doc's answers are the engine's counts`);
    const blanks = Number(criteria[code]!.text.match(/(\d+) bỏ trống/)?.[1] ?? 0);
    const answered = Object.values(counts).reduce((s, n) => s + n, 0);
    t.equal(blanks, EXAMPLE_COUNTS.responses - answered, `${code}: and its blanks`);
  }
});

t.test('the doc, the engine and the page agree', async (t) => {
  const { app } = await buildTestApp();
  t.teardown(() => app.close());

  for (const locale of ['vi', 'en'] as const) {
    const res = await app.inject({ url: '/phuong-phap', cookies: { lang: locale } });
    t.equal(res.statusCode, 200, `${locale}: 200 without signing in`);
    t.match(res.body, new RegExp(`<html lang="${locale}">`));
    t.match(res.body, locale === 'vi' ? /<h1>Phương pháp tính<\/h1>/ : /<h1>Methodology<\/h1>/);

    const engine = engineFigures(locale);
    const fromDoc = docFigures(locale);
    const rows = pageRows(res.body);
    const range = (b: [number, number] | null) =>
      b === null ? '—' : translator(locale)('methodology.range', { low: formatPercent(b[0], locale), high: formatPercent(b[1], locale) });

    for (const [code, c] of Object.entries(engine.criteria)) {
      t.equal(fromDoc.criteria[code]?.share ?? null, c.share, `${locale} ${code}: the doc says what the engine gives (${c.share})`);
      t.equal(rows[code]?.index, c.share ?? translator(locale)('methodology.example.noIndex'), `${locale} ${code}: so does the page`);
      t.equal(rows[code]?.interval, range(c.interval), `${locale} ${code}: with the engine's interval`);
    }
    t.equal(fromDoc.e11n, engine.criteria['E1.1']!.n, `${locale}: E1.1 n`);

    t.equal(fromDoc.element, engine.element.share, `${locale}: element E1 in the doc`);
    t.equal(rows['element']?.index, engine.element.share, `${locale}: element E1 on the page`);
    t.equal(rows['element']?.interval, range(engine.element.interval), `${locale}: element E1 interval on the page`);
    t.equal(fromDoc.elementN, engine.element.n, `${locale}: element n in the doc`);
    t.equal(engine.element.intervalUnit, 'respondents', 'the example computes E1 with the respondent as the unit');
    const [eLow, eHigh] = engine.element.interval.map((x) => formatPercent(x, locale));
    t.same(fromDoc.elementInterval, [eLow, eHigh], `${locale}: E1's interval by respondents in the doc`);
    t.equal(textOf(res.body, 'element-interval'), range(engine.element.interval), `${locale}: and on the page`);

    t.equal(fromDoc.pooled, engine.pooled.share, `${locale}: pooled share in the doc`);
    t.equal(rows['pooled']?.index, engine.pooled.share, `${locale}: pooled share on the page`);
    t.equal(rows['pooled']?.interval, range(engine.pooled.interval), `${locale}: pooled interval on the page`);

    t.same(fromDoc.interval, engine.interval, `${locale}: the doc's Wilson example is the engine's`);
    t.equal(
      textOf(res.body, 'interval'),
      `${engine.interval.of} → ${translator(locale)('methodology.range', { low: engine.interval.low!, high: engine.interval.high! })}`,
      `${locale}: and the page's`,
    );

    t.same(engine.verdict, { status: 'insufficient', minN: 30 }, 'n = 9 is below the minimum');
    const words = translator(locale)('methodology.verdict.insufficient');
    t.equal(fromDoc.verdict, words, `${locale}: the doc's verdict`);
    t.equal(textOf(res.body, 'verdict'), words, `${locale}: the page's verdict`);

    t.equal(Object.keys(rows).length, 6, `${locale}: four criteria, the element and the pooled share`);
  }
});

t.test('linked from every page footer and from the home page', async (t) => {
  const { app } = await buildTestApp();
  t.teardown(() => app.close());
  const home = await app.inject({ url: '/' });
  const links = home.body.match(/href="\/phuong-phap"/g) ?? [];
  t.equal(links.length, 2, 'home: the method card and the footer');
  const signIn = await app.inject({ url: '/sign-in', cookies: { lang: 'en' } });
  t.match(signIn.body, /<a href="\/phuong-phap">How the indices are computed<\/a>/, 'footer link in English');
  const query = await app.inject({ url: '/phuong-phap?lang=en' });
  t.match(query.body, /<html lang="en">/, 'the ?lang= switch works here as on every page');
});
