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
  // The operations and their documented statuses are those of the hand-written document this one
  // replaced (issue 12): generating it lost nothing a client relies on.
  const operations = Object.entries(doc.paths as Record<string, Record<string, { responses: object }>>)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([m, op]) => `${m.toUpperCase()} ${path} ${Object.keys(op.responses).sort().join(' ')}`),
    )
    .sort();
  t.same(operations, [
    'GET /exports/{format} 200 401 403 404 422',
    'GET /openapi.json 200',
    'GET /results 200 401 403 422',
    'POST /links 201 400 401 403 413 415 422',
    'POST /responses 200 201 400 401 403 409 413 415 422',
    'POST /responses/batch 200 400 401 403 413 415 422',
    'POST /served 200 400 401 403 413 415 422',
  ]);
  t.same(Object.keys(doc.components.schemas).sort(), [
    'Accepted',
    'Error',
    'Index',
    'Problem',
    'Response',
    'ResponseRate',
    'Results',
    'RuleFigure',
  ]);
  t.match(doc.paths['/responses'].post.responses['201'].headers, { Location: { schema: { type: 'string' } } });
  // Replies are open (v1 may add fields); requests are strict (an unknown field is a 422).
  t.equal(doc.components.schemas.Results.additionalProperties, undefined);
  t.equal(doc.components.schemas.Response.additionalProperties, false);

  // Every $ref points somewhere.
  const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/(\w+)"/g) ?? [];
  for (const ref of refs) t.ok(doc.components.schemas[ref.split('/').at(-1)!.replace('"', '')], ref);
});
