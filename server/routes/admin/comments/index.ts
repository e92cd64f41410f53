// The comments follow-up (xử lý góp ý): the inbox with its export, and one comment's follow-up.
import type { FastifyInstance } from 'fastify';
import followUpRoutes from './follow-up.ts';
import inboxRoutes from './inbox.ts';

export default async function commentRoutes(app: FastifyInstance): Promise<void> {
  await app.register(inboxRoutes);
  await app.register(followUpRoutes);
}
