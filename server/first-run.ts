// What an empty database gets at start: the built-in questionnaires, and on the embedded database
// the demo province so that `npm start` shows a working product.
import type { DatabaseHandle } from './db/connection.ts';

export interface FirstRunResult {
  demoAdmin: { email: string; password: string } | null;
}

export async function prepareFirstRun(
  _database: DatabaseHandle,
  _opts: { demo: boolean; log: (message: string) => void },
): Promise<FirstRunResult> {
  return { demoAdmin: null };
}
