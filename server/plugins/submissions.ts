import fp from 'fastify-plugin';
import { SubmissionQueue } from '../db/group-commit.ts';

declare module 'fastify' {
  interface FastifyInstance {
    submissions: SubmissionQueue;
  }
}

export default fp(
  async (app) => {
    const queue = new SubmissionQueue(app.db, {
      maxBatch: 500,
      // The embedded database has one session: a second writer would only wait for it.
      parallel: app.database.kind === 'embedded' ? 1 : 4,
    });
    app.decorate('submissions', queue);
    // Acknowledged submissions are committed before their reply; on shutdown let the in-flight ones finish.
    app.addHook('preClose', async () => queue.drained());
  },
  { name: 'submissions', dependencies: ['database'] },
);
