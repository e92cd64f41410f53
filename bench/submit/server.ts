// The app under test, in its own process as in production (so that the load generator does not
// share its event loop): the real app plugin over the PostgreSQL database given in DATABASE_URL,
// logging off, listening on 127.0.0.1. It prints its port on stdout and stops on SIGTERM.
// BENCH_TRUST_PROXY=1 believes X-Forwarded-For, as behind a reverse proxy: bench/survey gives each
// simulated phone its own address, so that the per-address submission limit sees many citizens.
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import app, { serverOptions } from '../../server/app.ts';
import { connectPostgres } from '../../server/db/connection.ts';
import { benchConfig } from '../app-config.ts';

const config = { ...benchConfig(), trustProxy: process.env['BENCH_TRUST_PROXY'] === '1' };
const database = await connectPostgres(config.databaseUrl);
const server = Fastify({ ...serverOptions(config), logger: false });
// Wrapped so that the app's decorations (the submission queue) are visible here for its statistics.
await server.register(fp(app), { config, database });
await server.listen({ host: '127.0.0.1', port: 0 });
const address = server.server.address();
if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
const cpuAtStart = process.cpuUsage();
process.stdout.write(`listening ${address.port}\n`);
process.on('SIGTERM', () => {
  // close() waits for the in-flight requests and the submission queue (preClose) before exiting.
  void server.close().then(() => {
    // CPU spent serving, start-up (module compilation, migrations check) left out.
    const cpu = process.cpuUsage(cpuAtStart);
    process.stdout.write(`stats ${JSON.stringify({ ...server.submissions.stats, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`, () =>
      process.exit(0),
    );
  });
});
