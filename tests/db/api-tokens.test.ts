import Fastify from 'fastify';
import t from 'tap';
import { forgetLookups } from '../../server/db/lookup-cache.ts';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import {
  TOKEN_FORMAT,
  createApiToken,
  findActiveToken,
  findApiTokens,
  hashToken,
  listApiTokens,
  revokeApiToken,
} from '../../server/db/queries/api-tokens.ts';
import databasePlugin from '../../server/plugins/database.ts';
import apiAuth, { requireToken } from '../../server/plugins/api-auth.ts';
import { freshDatabase } from '../helpers/database.ts';

t.test('API tokens: stored hashed, revocable, scoped', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  const province = await insertAgency(db, {
    code: 'KH',
    parentId: null,
    nameVi: 'Tỉnh Khánh Hòa',
    nameEn: null,
    kind: 'province',
    validFrom: null,
    validTo: null,
  });
  const dept = await insertAgency(db, {
    code: 'KH.SNV',
    parentId: province.id,
    nameVi: 'Sở Nội vụ',
    nameEn: null,
    kind: 'department',
    validFrom: null,
    validTo: null,
  });

  const submit = await createApiToken(db, { name: 'Cổng dịch vụ công', agencyId: dept.id, scope: 'submit' });
  const read = await createApiToken(db, { name: 'Bộ Nội vụ', agencyId: province.id, scope: 'read' });

  await t.test('only the hash and the prefix are stored', async (t) => {
    t.match(submit.token, TOKEN_FORMAT);
    t.equal(submit.token.slice(3, 11), submit.row.prefix);
    t.ok(Buffer.from(submit.token.split('_').slice(2).join('_'), 'base64url').length >= 32, '32 random bytes');
    t.not(submit.token, read.token);
    const stored = await db.selectFrom('api_tokens').selectAll().execute();
    t.equal(stored.length, 2);
    const all = JSON.stringify(stored);
    t.notOk(all.includes(submit.token) || all.includes(submit.token.slice(12)), 'the secret is nowhere in the table');
    t.equal(stored.find((r) => r.id === submit.row.id)!.token_hash, hashToken(submit.token));
    const listed = await listApiTokens(db);
    t.notOk('token_hash' in listed[0]!, 'listings carry no hash');
    t.same(
      (await listApiTokens(db, { scopePath: dept.path })).map((r) => r.id),
      [submit.row.id],
    );
  });

  await t.test('lookup by plaintext, by id and by prefix', async (t) => {
    t.match(await findActiveToken(db, submit.token), {
      id: submit.row.id,
      scope: 'submit',
      agencyId: dept.id,
      agencyCode: 'KH.SNV',
      agencyPath: dept.path,
    });
    t.equal(await findActiveToken(db, `${submit.token.slice(0, -1)}${submit.token.endsWith('A') ? 'B' : 'A'}`), null);
    t.equal(await findActiveToken(db, 'not a token'), null);
    t.same(
      (await findApiTokens(db, String(read.row.id))).map((r) => r.id),
      [read.row.id],
    );
    t.same(
      (await findApiTokens(db, `hl_${read.row.prefix}`)).map((r) => r.id),
      [read.row.id],
    );
    t.same(
      (await findApiTokens(db, read.row.prefix)).map((r) => r.id),
      [read.row.id],
    );
    t.same(await findApiTokens(db, 'zzz'), []);
  });

  await t.test('the api-auth plugin', async (t) => {
    const app = Fastify();
    await app.register(databasePlugin, { database, closeOnShutdown: false });
    await app.register(apiAuth);
    app.get('/api/v1/results', { preHandler: requireToken('read') }, async (request) => ({ token: request.apiToken }));
    app.post('/api/v1/responses', { preHandler: requireToken('submit') }, async (request) => ({ agency: request.apiToken?.agencyCode }));
    app.get('/api/v1/open', async (request) => ({ token: request.apiToken }));
    await app.ready();
    t.teardown(() => app.close());
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    t.same((await app.inject({ url: '/api/v1/open' })).json(), { token: null }, 'apiToken defaults to null');

    const missing = await app.inject({ url: '/api/v1/results' });
    t.equal(missing.statusCode, 401);
    t.equal(missing.json().code, 'HL_TOKEN_INVALID');
    t.match(missing.headers['www-authenticate'], /^Bearer/);
    t.equal((await app.inject({ url: '/api/v1/results', headers: { authorization: 'Basic abc' } })).statusCode, 401);
    t.equal((await app.inject({ url: '/api/v1/results', headers: bearer('hl_00000000_' + 'x'.repeat(43)) })).statusCode, 401);

    const ok = await app.inject({ url: '/api/v1/results', headers: bearer(read.token) });
    t.equal(ok.statusCode, 200);
    t.same(ok.json().token, {
      id: read.row.id,
      name: 'Bộ Nội vụ',
      scope: 'read',
      agencyId: province.id,
      agencyCode: 'KH',
      agencyPath: province.path,
    });
    const lower = await app.inject({ method: 'POST', url: '/api/v1/responses', headers: { authorization: `bearer ${submit.token}` } });
    t.equal(lower.statusCode, 200, 'the scheme is case-insensitive');
    t.same(lower.json(), { agency: 'KH.SNV' });

    const wrongScope = await app.inject({ method: 'POST', url: '/api/v1/responses', headers: bearer(read.token) });
    t.equal(wrongScope.statusCode, 403);
    t.equal(wrongScope.json().code, 'HL_TOKEN_SCOPE');
    t.equal((await app.inject({ url: '/api/v1/results', headers: bearer(submit.token) })).statusCode, 403);

    // last_used_at is written on first use and then at most once a minute.
    const firstUse = (await db.selectFrom('api_tokens').select('last_used_at').where('id', '=', read.row.id).executeTakeFirstOrThrow())
      .last_used_at;
    t.ok(firstUse instanceof Date);
    await app.inject({ url: '/api/v1/results', headers: bearer(read.token) });
    const again = (await db.selectFrom('api_tokens').select('last_used_at').where('id', '=', read.row.id).executeTakeFirstOrThrow())
      .last_used_at;
    t.equal(again?.getTime(), firstUse?.getTime(), 'not rewritten within the minute');
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date(Date.now() - 120_000) })
      .where('id', '=', read.row.id)
      .execute();
    // Two minutes on: the app's one-second memory of the token has long expired.
    forgetLookups();
    await app.inject({ url: '/api/v1/results', headers: bearer(read.token) });
    const later = (await db.selectFrom('api_tokens').select('last_used_at').where('id', '=', read.row.id).executeTakeFirstOrThrow())
      .last_used_at;
    t.ok(later!.getTime() > Date.now() - 60_000, 'rewritten after a minute');

    t.equal(await revokeApiToken(db, submit.row.id), true);
    t.equal(await revokeApiToken(db, submit.row.id), false, 'revoking twice reports it');
    t.equal(await findActiveToken(db, submit.token), null);
    const revoked = await app.inject({ method: 'POST', url: '/api/v1/responses', headers: bearer(submit.token) });
    t.equal(revoked.statusCode, 401);
    t.equal(revoked.json().code, 'HL_TOKEN_INVALID');
  });
});
