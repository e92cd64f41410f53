import t from 'tap';
import Fastify, { type RouteOptions } from 'fastify';
import app, { serverOptions } from '../../server/app.ts';
import { testConfig } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';

t.test('the OpenAPI document describes every route under /api/v1', async (t) => {
  const config = testConfig();
  const database = await freshDatabase();
  const fastify = Fastify({ ...serverOptions(config), logger: false });
  // A root hook sees every route any plugin registers, including ones added by later issues.
  const routes: { method: string; url: string }[] = [];
  fastify.addHook('onRoute', (r: RouteOptions) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method: method.toLowerCase(), url: r.url });
  });
  await fastify.register(app, { config, database });
  await fastify.ready();
  t.teardown(() => fastify.close());

  const res = await fastify.inject({ url: '/api/v1/openapi.json' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/json/);
  const doc = res.json();
  t.equal(doc.openapi, '3.1.0');
  t.same(doc.servers, [{ url: 'http://127.0.0.1:3000/api/v1' }]);
  t.match(doc.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer' });
  t.ok(doc.components.schemas.Problem && doc.components.schemas.Error, 'the error shape is described');

  const api = routes.filter((r) => r.url.startsWith('/api/v1/'));
  t.ok(api.length >= 4, `found ${api.length} API routes`);
  for (const r of api) {
    const path = r.url.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}');
    t.ok(doc.paths[path]?.[r.method], `${r.method.toUpperCase()} ${r.url} is in openapi.json`);
  }
  // And nothing is documented that does not exist.
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(ops)) {
      const url = `/api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`;
      t.ok(
        api.some((r) => r.url === url && r.method === method),
        `${method.toUpperCase()} ${url} exists`,
      );
    }
  }
  // Every $ref points somewhere.
  const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/(\w+)"/g) ?? [];
  for (const ref of refs) t.ok(doc.components.schemas[ref.split('/').at(-1)!.replace('"', '')], ref);
});
