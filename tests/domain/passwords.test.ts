import t from 'tap';
import { generatePassword, hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from '../../server/domain/passwords.ts';

t.test('argon2id hashes that verify only the right password', async (t) => {
  const h = await hashPassword('mật khẩu rất dài');
  t.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  t.ok(await verifyPassword(h, 'mật khẩu rất dài'));
  t.ok(await verifyPassword(h, 'mật khẩu rất dài'.normalize('NFD')), 'NFD input is the same password');
  t.notOk(await verifyPassword(h, 'mật khẩu rất dài!'));
  t.notOk(await verifyPassword('not a hash', 'x'), 'a broken stored hash fails, it does not throw');
  t.equal(await verifyAgainstDummy('anything'), false);
});

t.test('the dummy check costs about what a real one costs', async (t) => {
  const h = await hashPassword('a real password');
  await verifyAgainstDummy('warm up');
  const time = async (fn: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 3; i++) await fn();
    return Number(process.hrtime.bigint() - start);
  };
  const real = await time(() => verifyPassword(h, 'wrong'));
  const dummy = await time(() => verifyAgainstDummy('wrong'));
  // A lower bound only: what matters is that the dummy path really hashes (a loaded machine may
  // slow either side, so no tight ratio).
  t.ok(dummy > real / 5, `dummy ${dummy} vs real ${real} ns`);
});

t.test('generated passwords and the length rule', async (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const p = generatePassword();
    t.match(p, /^[a-zA-Z0-9]{5}(-[a-zA-Z0-9]{5}){3}$/);
    t.notMatch(p, /[0O1lI]/, 'no look-alike characters');
    t.equal(passwordProblem(p), null);
    seen.add(p);
  }
  t.equal(seen.size, 50, 'no repeats');
  t.equal(passwordProblem('elevenchars'), 'short');
  t.equal(passwordProblem('twelve chars'), null);
  t.equal(passwordProblem('ạ'.repeat(12)), null, 'counted in characters');
  t.equal(passwordProblem('x'.repeat(1025)), 'long');
});
