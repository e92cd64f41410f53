// The aggregator's worker: every second it applies the deltas the submission path queued, so the
// counts behind every dashboard are current within seconds while a submission only appends a row.
// Several app instances may run it at once (batches are taken with skip locked).
import fp from 'fastify-plugin';
import { drainResultQueue, flushResults } from '../db/queries/results.ts';

const EVERY_MS = 1000;
// Small batches: on the embedded database the worker shares the one session with requests.
const BATCH = 1000;

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
    let running: Promise<void> | null = null;
    let closing = false;
    const tick = () => {
      if (running || closing) return;
      running = (async () => {
        try {
          while (!closing && (await drainResultQueue(app.db, BATCH)) === BATCH);
        } catch (err) {
          // The deltas stay queued and the next tick retries them: nothing is lost.
          app.log.error({ err }, 'applying result deltas failed');
        } finally {
          running = null;
        }
      })();
    };
    let timer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      timer = setInterval(tick, EVERY_MS);
      timer.unref();
    });
    app.addHook('preClose', async () => {
      closing = true;
      if (timer) clearInterval(timer);
      await running;
    });
    app.decorate('results', {
      async flush() {
        await running;
        return flushResults(app.db);
      },
    });
  },
  { name: 'results', dependencies: ['database'] },
);
