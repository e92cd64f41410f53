// A citizen's contact, left by choice after a comment: offered on the thank-you page only to the
// browser that just sent a comment (a signed cookie), its purpose and keeping time said before the
// field, stored apart from the answers, refused with a 422 in the citizen's language when it is no
// phone or e-mail, never offered without a comment or after the offer expired, shown to staff with
// its purpose, and deleted by the housekeeping when it expires.
import t from 'tap';
import { deleteExpiredContacts } from '../../server/db/queries/comment-contacts.ts';
import { contactOffer, verifyContactOffer } from '../../server/domain/contact-offer.ts';
import { CONTACT_DAYS } from '../../server/domain/contact-policy.ts';
import { buildTestApp } from '../helpers/app.ts';
import { Citizen, sipasPlan, surveyWorld } from '../helpers/survey.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
await surveyWorld(db);

async function sendSurvey(c: Citizen, comment: string | null): Promise<string> {
  await c.start('/s/SP-D');
  await c.answerUntilReview('/s/SP-D/p/1', sipasPlan, (q) => (q.kind === 'text' ? (comment === null ? [''] : [comment]) : undefined));
  await c.get('/s/SP-D/review');
  const id = /name="response_id" value="([^"]+)"/.exec(c.last.body)![1]!;
  const sent = await c.post('/s/SP-D/review', [
    ['response_id', id],
    ['website', ''],
  ]);
  if (sent.headers.location !== '/s/SP-D/thanks') throw new Error(`submit answered ${sent.statusCode} ${sent.headers.location}`);
  return id;
}

t.test('after a comment: offered, purpose stated, a bad contact refused, a good one stored apart', async (t) => {
  const c = new Citizen(app);
  const id = await sendSurvey(c, 'Chờ lâu quá, đề nghị thêm quầy.');
  const thanks = await c.get('/s/SP-D/thanks');
  t.match(thanks.body, 'Bạn muốn được trả lời về góp ý của mình?');
  t.match(thanks.body, 'href="/s/SP-D/lien-he"');

  const form = await c.get('/s/SP-D/lien-he');
  t.equal(form.statusCode, 200);
  t.match(form.body, 'chỉ dùng số điện thoại hoặc email này để trả lời góp ý bạn vừa gửi');
  t.match(form.body, `tự động bị xóa sau ${CONTACT_DAYS} ngày`);
  t.match(form.body, 'href="/s/SP-D/thanks?lien-he=khong"', 'declining is one link');

  for (const [value, message] of [
    ['', 'Nhập số điện thoại hoặc email'],
    ['gọi tôi nhé', 'Nhập số điện thoại (8–15 chữ số) hoặc địa chỉ email'],
    ['\u0000\u0001', 'Nhập số điện thoại hoặc email'],
  ] as const) {
    const bad = await c.post('/s/SP-D/lien-he', [['contact', value]]);
    t.equal(bad.statusCode, 422, `"${value}": 422`);
    t.match(bad.body, message);
    t.match(bad.body, 'href="#contact"', 'the summary links to the field');
  }
  t.equal(await db.selectFrom('comment_contacts').select('response_id').executeTakeFirst(), undefined, 'nothing stored');

  const ok = await c.post('/s/SP-D/lien-he', [['contact', ' 0912  345 678 ']]);
  t.equal(ok.statusCode, 303);
  t.equal(ok.headers.location, '/s/SP-D/lien-he/da-nhan');
  t.match((await c.get('/s/SP-D/lien-he/da-nhan')).body, 'Đã nhận cách liên hệ');
  const row = await db.selectFrom('comment_contacts').selectAll().where('response_id', '=', id).executeTakeFirstOrThrow();
  t.equal(row.contact, '0912 345 678');
  t.equal(Math.round((row.expires_at.getTime() - row.consented_at.getTime()) / 86_400_000), CONTACT_DAYS);
  const response = await db.selectFrom('responses').select('answers').where('id', '=', id).executeTakeFirstOrThrow();
  t.notMatch(JSON.stringify(response.answers), '0912', 'the answers hold no contact');

  const declined = await c.get('/s/SP-D/thanks?lien-he=khong');
  t.notMatch(declined.body, 'href="/s/SP-D/lien-he"', 'declined: not offered again');
});

t.test('no comment, no offer; another browser or a forged offer, no form', async (t) => {
  const c = new Citizen(app, { ip: '198.51.100.20' });
  await sendSurvey(c, null);
  t.notMatch((await c.get('/s/SP-D/thanks')).body, '/lien-he', 'nothing to answer: nothing offered');

  const stranger = new Citizen(app, { ip: '198.51.100.21' });
  const page = await stranger.get('/s/SP-D/lien-he');
  t.equal(page.statusCode, 410);
  t.match(page.body, 'Không thể để lại cách liên hệ');

  const someone = (await db.selectFrom('response_comments').select('response_id').executeTakeFirstOrThrow()).response_id;
  const forged = contactOffer('another-secret-another-secret-another-secret', someone, new Date());
  stranger.jar = { ...stranger.jar, hl_contact: forged };
  t.equal((await stranger.get('/s/SP-D/lien-he')).statusCode, 410, 'an offer signed with another secret');
  stranger.jar = { ...stranger.jar, hl_contact: contactOffer(SECRET, someone, new Date(Date.now() - 3 * 3600 * 1000)) };
  t.equal((await stranger.get('/s/SP-D/lien-he')).statusCode, 410, 'an offer that expired');
  t.equal(verifyContactOffer(SECRET, contactOffer(SECRET, someone, new Date()), new Date()), someone, 'a genuine one verifies');
});

t.test('expired contacts are deleted by the housekeeping', async (t) => {
  const before = await db.selectFrom('comment_contacts').selectAll().execute();
  t.equal(before.length, 1);
  t.equal(await deleteExpiredContacts(db, new Date()), 0, 'nothing expired yet');
  t.equal(await deleteExpiredContacts(db, new Date(before[0]!.expires_at.getTime() + 1000)), 1, 'gone once expired');
  t.equal((await db.selectFrom('comment_contacts').selectAll().execute()).length, 0);
});
