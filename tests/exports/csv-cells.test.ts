// The CSV field rules on their own: RFC 4180 quoting, the formula prefix for every text value
// whatever its source, numbers left as numbers, and Viet Nam's wall-clock time with its offset.
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { csvCell, csvLine, neutralise, vietnamTime } from '../../server/exports/csv-cells.ts';

t.test('a cell that a spreadsheet would evaluate gets a leading quote', async (t) => {
  for (const p of ['=1+1', '+1', '-2', '@SUM(A1)', '\tX', '\rY', '=HYPERLINK("http://x","y")'])
    t.equal(neutralise(p), `'${p}`, JSON.stringify(p));
  for (const p of ['Tốt', '1-2', ' =1', "'=1", '', 'a=b']) t.equal(neutralise(p), p, `${JSON.stringify(p)} is left as it is`);
});

t.test('quoting: only fields that need it, quotes doubled', async (t) => {
  t.equal(csvCell('đơn giản'), 'đơn giản');
  t.equal(csvCell('a,b'), '"a,b"');
  t.equal(csvCell('nói "tốt"'), '"nói ""tốt"""');
  t.equal(csvCell('dòng 1\ndòng 2'), '"dòng 1\ndòng 2"');
  t.equal(csvCell('\rY'), `"'\rY"`, 'neutralised, then quoted for its CR');
  t.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  t.equal(csvCell(null), '');
  t.equal(csvCell(undefined), '');
});

t.test('numbers the export writes are numbers; anything else is text', async (t) => {
  t.equal(csvCell(0), '0');
  t.equal(csvCell(5), '5');
  t.equal(csvCell(-2), "'-2", 'a negative number never occurs, and would not escape');
  t.equal(csvCell('-2'), "'-2");
});

t.test('a line: CRLF, and it parses back to the same values', async (t) => {
  const values = ['id-1', 'a,b', 'x "y"', 'hai\r\ndòng', 4, null, '@x'];
  const line = csvLine(values);
  t.ok(line.endsWith('\r\n'));
  t.same(parse(line), [['id-1', 'a,b', 'x "y"', 'hai\r\ndòng', '4', '', "'@x"]]);
});

t.test('times in Viet Nam with their offset', async (t) => {
  t.equal(vietnamTime(new Date('2026-11-20T03:00:00Z')), '2026-11-20T10:00:00+07:00');
  t.equal(vietnamTime(new Date('2026-12-31T17:30:05.999Z')), '2027-01-01T00:30:05+07:00', 'the next day in Viet Nam');
});

t.test('times: every second of a day and across days agree with the slow way', async (t) => {
  const slow = (d: Date) => `${new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
  let bad = 0;
  for (let ms = Date.UTC(2025, 11, 30, 12); ms < Date.UTC(2026, 0, 2, 12); ms += 997)
    if (vietnamTime(new Date(ms)) !== slow(new Date(ms))) bad++;
  for (const iso of ['1970-01-01T00:00:00Z', '2024-02-28T17:00:00Z', '2024-02-29T16:59:59.999Z', '2099-12-31T23:59:59Z'])
    t.equal(vietnamTime(new Date(iso)), slow(new Date(iso)), iso);
  t.equal(bad, 0, 'no second differs');
});
