// The configuration every benchmark gives the real app in its own process: the PostgreSQL server
// of DATABASE_URL, logging off, listening on 127.0.0.1 at a port the system picks.
import { loadConfig, type Config } from '../server/config.ts';

/** Read from an environment as the server reads its own, so a new setting needs no change here. */
export function benchConfig(): Config & { databaseUrl: string } {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is required');
  const config = loadConfig({
    DATABASE_URL: url,
    DATA_DIR: '/nonexistent-bench-data-dir',
    HOST: '127.0.0.1',
    PORT: '0',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    PUBLIC_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'silent',
    TRUST_PROXY: 'false',
  });
  return { ...config, databaseUrl: url };
}
