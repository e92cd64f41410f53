// The app for bench/dashboard in its own process, as in production, so that the client timing the
// requests does not share its event loop: the real app plugin over DATABASE_URL, logging off, on
// 127.0.0.1. It prints its route table (so the bench can tell a route that is not there yet from a
// 404 of a route that is) and then its port; it stops on SIGTERM.
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import app, { serverOptions } from '../../server/app.ts';
import { connectPostgres } from '../../server/db/connection.ts';
import { benchConfig } from '../app-config.ts';

const config = benchConfig();
const database = await connectPostgres(config.databaseUrl);
const server = Fastify({ ...serverOptions(config), logger: false });
const routes: string[] = [];
server.addHook('onRoute', (route) => {
  for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
});
await server.register(fp(app), { config, database });
await server.listen({ host: '127.0.0.1', port: 0 });
const address = server.server.address();
if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
process.stdout.write(`routes ${JSON.stringify(routes)}\n`);
process.stdout.write(`listening ${address.port}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
