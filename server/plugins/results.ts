// The aggregator's worker: every second it applies the deltas the submission path queued, so the
// counts behind every dashboard are current within seconds while a submission only appends a row.
// Several app instances may run it at once (batches are taken with skip locked). While the database
// is away it backs off (up to MAX_BACKOFF_MS) and resumes by itself.
import fp from 'fastify-plugin';
import { backgroundLoop } from '../db/background-loop.ts';
import { drainResultQueue, flushResults } from '../db/queries/results-write.ts';

const EVERY_MS = 1000;
// Small batches: on the embedded database the worker shares the one session with requests.
const BATCH = 1000;
const MAX_BACKOFF_MS = 30_000;

declare module 'fastify' {
  interface FastifyInstance {
    results: {
      /** Applies every queued delta now (tests, and whoever needs figures to the last response). */
      flush(): Promise<number>;
    };
  }
}

export default fp(
  async (app) => {
    let closing = false;
    // Drains until a batch comes back short; a failure (the database away) leaves the deltas
    // queued, and the loop retries after a backoff: nothing is lost and nothing needs a restart.
    const loop = backgroundLoop(
      async () => {
        while (!closing && (await drainResultQueue(app.db, BATCH)) === BATCH);
      },
      { everyMs: EVERY_MS, maxBackoffMs: MAX_BACKOFF_MS, name: 'results', log: app.log },
    );
    app.addHook('onReady', async () => loop.start());
    app.addHook('preClose', async () => {
      closing = true;
      await loop.stop();
    });
    app.decorate('results', {
      async flush() {
        await loop.settled();
        return flushResults(app.db);
      },
    });
  },
  { name: 'results', dependencies: ['database'] },
);
