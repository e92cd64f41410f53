// The housekeeping job: every ten minutes, one app instance at a time (a try-lock in the database),
// deletes what has expired — staff sessions, survey drafts, sign-in attempts, submission counters.
// It replaces clean-ups that used to ride on requests (sign-in, the survey's first page) and never
// ran for sessions at all. While the database is away it backs off and resumes by itself.
import fp from 'fastify-plugin';
import { backgroundLoop } from '../db/background-loop.ts';
import { runHousekeeping } from '../db/queries/housekeeping.ts';

const EVERY_MS = 10 * 60 * 1000;
/** Soon after start, so that a restarted instance cleans up without waiting ten minutes. */
const FIRST_AFTER_MS = 30 * 1000;

export default fp(
  async (app) => {
    const loop = backgroundLoop(
      async () => {
        const counts = await runHousekeeping(app.db);
        if (counts) app.log.info({ job: 'housekeeping', ...counts }, 'housekeeping done');
      },
      { everyMs: EVERY_MS, firstAfterMs: FIRST_AFTER_MS, maxBackoffMs: EVERY_MS, name: 'housekeeping', log: app.log },
    );
    app.addHook('onReady', async () => loop.start());
    app.addHook('preClose', async () => loop.stop());
  },
  { name: 'housekeeping', dependencies: ['database'] },
);
