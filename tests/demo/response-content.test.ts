import t from 'tap';
import { canonicalResponse, contentHash, contentOfStored, type ResponseContent } from '../../server/domain/response-content.ts';

const base: ResponseContent = {
  questionnaireVersionId: 1,
  agencyId: 7,
  servicePointId: 42,
  campaignId: 3,
  channel: 'online',
  submittedAt: '2026-03-02T08:30:00+07:00',
  locale: 'vi',
  answers: { 'E1.1': 4, 'E1.2': 0, 'X.IMPROVE': ['time', 'simplify'], 'B.TYPE': 'individual' },
  comment: 'Cán bộ hướng dẫn tận tình.',
};

t.test('the canonical form is fixed: sorted keys, UTC milliseconds, no whitespace', async (t) => {
  t.equal(
    canonicalResponse(base),
    '{"agency_id":7,"answers":{"B.TYPE":"individual","E1.1":4,"E1.2":0,"X.IMPROVE":["time","simplify"]},"campaign_id":3,' +
      '"channel":"online","comment":"Cán bộ hướng dẫn tận tình.","locale":"vi","questionnaire_version_id":1,' +
      '"service_point_id":42,"submitted_at":"2026-03-02T01:30:00.000Z"}',
  );
  t.match(contentHash(base), /^[0-9a-f]{64}$/);
});

t.test('the same content spelled differently hashes the same', async (t) => {
  const h = contentHash(base);
  t.equal(
    contentHash({ ...base, answers: { 'X.IMPROVE': ['time', 'simplify'], 'B.TYPE': 'individual', 'E1.2': 0, 'E1.1': 4 } }),
    h,
    'key order',
  );
  t.equal(contentHash({ ...base, submittedAt: new Date('2026-03-02T01:30:00Z') }), h, 'a Date or another offset for the same instant');
  t.equal(
    contentHash({ ...base, comment: `  ${base.comment!.normalize('NFD')}\u0007 ` }),
    h,
    'comment in NFD, padded, with a control character',
  );
  t.equal(contentHash({ ...base, answers: { ...base.answers, 'B.SEX': undefined } }), h, 'an undefined answer is a blank');
  t.equal(contentHash({ ...base, comment: '   ' }), contentHash({ ...base, comment: null }), 'an empty comment is no comment');
});

t.test('any change of content changes the hash', async (t) => {
  const h = contentHash(base);
  const variants: Partial<ResponseContent>[] = [
    { questionnaireVersionId: 2 },
    { agencyId: 8 },
    { servicePointId: null },
    { campaignId: null },
    { channel: 'paper' },
    { submittedAt: '2026-03-02T01:30:00.001Z' },
    { locale: 'en' },
    { answers: { ...base.answers, 'E1.1': 5 } },
    { answers: { ...base.answers, 'X.IMPROVE': ['simplify', 'time'] } },
    { comment: 'Khác.' },
    { comment: null },
  ];
  const hashes = new Set(variants.map((v) => contentHash({ ...base, ...v })));
  t.equal(hashes.size, variants.length, 'each variant has its own hash');
  t.notOk(hashes.has(h), 'none equals the original');
});

t.test('a stored row hashes as the content it was made from', async (t) => {
  const row = {
    questionnaire_version_id: 1,
    agency_id: 7,
    service_point_id: 42,
    campaign_id: 3,
    channel: 'online' as const,
    submitted_at: new Date('2026-03-02T01:30:00Z'),
    locale: 'vi' as const,
    answers: JSON.stringify(base.answers),
  };
  t.equal(contentHash(contentOfStored(row, base.comment)), contentHash(base));
});

t.test('an invalid instant or number is refused rather than hashed', async (t) => {
  t.throws(() => contentHash({ ...base, submittedAt: 'not a date' }), TypeError);
  t.throws(() => contentHash({ ...base, answers: { 'E1.1': Number.NaN } }), TypeError);
});
