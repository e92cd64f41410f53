import t from 'tap';
import { formatDate, formatDateTime, formatNumber, formatPercent, localDay, startOfLocalDay } from '../../server/i18n/format.ts';
import { translator } from '../../server/i18n/index.ts';
import { cleanText } from '../../server/domain/text.ts';

t.test('numbers and dates in vi-VN, days in Asia/Ho_Chi_Minh', async (t) => {
  t.equal(formatPercent(0.8104), '81,04%');
  t.equal(formatPercent(0.8104, 'en'), '81.04%');
  t.equal(formatPercent(1), '100,00%');
  t.equal(formatNumber(20000), '20.000');
  t.equal(formatNumber(20000, 'en'), '20,000');
  // 17:30 UTC on 30 June is already 1 July in Viet Nam (UTC+7).
  const instant = new Date('2025-06-30T17:30:00Z');
  t.equal(localDay(instant), '2025-07-01');
  t.equal(formatDate(instant), '01/07/2025');
  t.equal(formatDate('2025-06-30'), '30/06/2025', 'a calendar day stays that day');
  t.equal(formatDateTime(instant), '00:30 01/07/2025');
  t.equal(startOfLocalDay('2025-07-01').toISOString(), '2025-06-30T17:00:00.000Z');
  // localDay is arithmetic (UTC+7): it must agree with the time-zone database on every hour.
  const tz = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
  let disagreements = 0;
  for (let ms = Date.UTC(1976, 0, 1); ms < Date.UTC(2100, 0, 1); ms += 3600_000 * 7 + 60_000 * 13) {
    if (localDay(new Date(ms)) !== tz.format(new Date(ms))) disagreements++;
  }
  t.equal(disagreements, 0, 'localDay = Intl with Asia/Ho_Chi_Minh from 1976 to 2100');
});

t.test('catalogues: every key in both languages, parameters filled', async (t) => {
  const vi = translator('vi');
  const en = translator('en');
  t.equal(vi('nav.signedInAs', { email: 'a@b.vn' }), 'Đang đăng nhập: a@b.vn');
  t.equal(en('nav.signedInAs', { email: 'a@b.vn' }), 'Signed in as a@b.vn');
});

t.test('text is stored NFC without control characters', async (t) => {
  const decomposed = 'Hòa'.normalize('NFD');
  t.not(decomposed, 'Hòa');
  t.equal(cleanText(`  ${decomposed}\u0000\u001b `), 'Hòa');
  t.equal(cleanText('dòng 1\ndòng 2'), 'dòng 1\ndòng 2', 'line breaks are kept');
});
