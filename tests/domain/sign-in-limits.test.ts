import t from 'tap';
import { accountBrake, ACCOUNT_FAILURE_LIMIT, brake, emailKey, underAttack, WINDOW_MS } from '../../server/domain/sign-in-limits.ts';

const now = new Date('2025-07-01T03:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

t.test('a sliding-window brake', async (t) => {
  t.same(brake([], 5, now), { blocked: false, minutes: 0, retryAfterSeconds: 0 });
  t.equal(brake([ago(1), ago(2), ago(3), ago(4)], 5, now).blocked, false, 'four is not five');
  const on = brake([ago(0), ago(1), ago(2), ago(3), ago(4)], 5, now);
  t.equal(on.blocked, true);
  t.equal(on.minutes, 11, 'until the oldest of the five leaves the 15-minute window');
  t.equal(on.retryAfterSeconds, 11 * 60);
  t.equal(brake([ago(0), ago(0), ago(0), ago(0), ago(0)], 5, now).minutes, 15);
  t.equal(brake([ago(1), ago(2), ago(3), ago(4), ago(15)], 5, now).blocked, false, 'older than the window does not count');
  t.equal(brake([ago(1), ago(2), ago(3), ago(4), new Date(now.getTime() - WINDOW_MS + 500)], 5, now).minutes, 1, 'at least a minute');
});

t.test('the email key', async (t) => {
  t.equal(emailKey('  Admin@KhanhHoa.GOV.vn '), 'admin@khanhhoa.gov.vn');
  t.equal(emailKey('x'.repeat(300)).length, 200);
  t.equal(emailKey('Ạ'.normalize('NFD')), 'ạ'.normalize('NFC'));
});

t.test('the account slow-down: only past the limit, only for unfamiliar addresses, a minute after the latest failure', async (t) => {
  const now = new Date('2026-03-02T08:00:00Z');
  const failures = (n: number, everyMs: number) => Array.from({ length: n }, (_, i) => new Date(now.getTime() - 10_000 - i * everyMs));
  t.notOk(accountBrake(failures(ACCOUNT_FAILURE_LIMIT - 1, 1000), now, false).blocked, 'under the limit: open');
  const attacked = failures(ACCOUNT_FAILURE_LIMIT, 1000);
  t.ok(underAttack(attacked, now));
  t.same(accountBrake(attacked, now, false), { blocked: true, minutes: 1, retryAfterSeconds: 50 }, 'a minute after the latest failure');
  t.notOk(accountBrake(attacked, now, true).blocked, 'a familiar address passes');
  t.notOk(accountBrake(attacked, new Date(now.getTime() + 50_000), false).blocked, 'after the minute: one attempt');
  t.notOk(underAttack(failures(ACCOUNT_FAILURE_LIMIT, WINDOW_MS / 10), now), 'failures spread past the window are no attack');
});
