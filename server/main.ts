// Starts the server: config, database, migrations, first-run content, then listen.
// SIGTERM/SIGINT close the server (in-flight requests finish) and then the database.
// A database failure never ends the process: requests answer 503 until it is back.
import Fastify from 'fastify';
import app, { serverOptions } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { isDatabaseError } from './db/errors.ts';
import { migrate } from './db/migrator.ts';
import { prepareFirstRun } from './first-run.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) console.error(`Cấu hình không hợp lệ / invalid configuration: ${p.variable}: ${p.message}`);
      process.exit(2);
    }
    throw err;
  }
  const noDemo = process.argv.includes('--no-demo');

  let database;
  try {
    database = await openDatabase(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(3);
    }
    throw err;
  }
  await migrate(database);
  const firstRun = await prepareFirstRun(database, {
    demo: !noDemo && database.kind === 'embedded',
    log: (m) => console.log(m),
    dataDir: config.dataDir,
  });

  const server = Fastify(serverOptions(config));
  await server.register(app, { config, database });

  // The last net under the connection's own listeners (server/db/connection.ts): an error of the
  // database that escaped every handler is logged and the process serves on. Anything else is a
  // bug whose state we cannot trust, and ends the process as Node would.
  process.on('uncaughtException', (err) => {
    if (isDatabaseError(err)) return server.log.error({ err }, 'database error outside a request; serving on');
    server.log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    if (isDatabaseError(err)) return server.log.error({ err }, 'unhandled database rejection; serving on');
    server.log.fatal({ err }, 'unhandled rejection');
    process.exit(1);
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await server.close();
      process.exit(0);
    } catch (err) {
      server.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await server.listen({ host: config.host, port: config.port });
  const base = config.publicUrl;
  console.log(
    `\nHài Lòng đang chạy / is running (${database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'}):`,
  );
  console.log(`  Trang chủ / home:        ${base}/`);
  console.log(`  Đăng nhập / staff:       ${base}/sign-in`);
  console.log(`  Tình trạng / health:     ${base}/healthz`);
  if (firstRun.demoAdmin) {
    console.log(`  Tài khoản demo / demo admin: ${firstRun.demoAdmin.email}  mật khẩu / password: ${firstRun.demoAdmin.password}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
