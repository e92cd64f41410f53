// The configuration every benchmark gives the real app in its own process: the PostgreSQL server
// of DATABASE_URL, logging off, listening on 127.0.0.1 at a port the system picks.
import type { Config } from '../server/config.ts';

export function benchConfig(): Config & { databaseUrl: string } {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is required');
  return {
    databaseUrl: url,
    dataDir: '/nonexistent-bench-data-dir',
    host: '127.0.0.1',
    port: 0,
    sessionSecret: 'bench-secret-bench-secret-bench-secret-0123',
    publicUrl: 'http://127.0.0.1',
    secureCookies: false,
    logLevel: 'silent',
    trustProxy: false,
  };
}
