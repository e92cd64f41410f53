// Security headers (CSP, HSTS, frame, referrer and the rest) on every reply, from helmet. helmet's
// middleware is built once here: @fastify/helmet rebuilt it, parsing the CSP directives again, on
// every request, which cost the submission API a visible share of its CPU.
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

export default fp<{ helmet: HelmetOptions }>(
  async (app, opts) => {
    const apply = helmet(opts.helmet);
    app.addHook('onRequest', (request, reply, done) => {
      apply(request.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
    });
  },
  { name: 'security-headers' },
);
