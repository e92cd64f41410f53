// The staff results pages (issue 5, dashboards): the overview of a subtree, the comparison of two
// periods, the agency page and its drop-off panel, all reading the same filters (results/params.ts) and scoped to the
// signed-in user's subtree.
import type { FastifyInstance } from 'fastify';
import agencyRoutes from './agency.ts';
import dropOffRoutes from './drop-off.ts';
import compareRoutes from './compare.ts';
import overviewRoutes from './overview.ts';

export default async function resultsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(overviewRoutes);
  await app.register(compareRoutes);
  await app.register(agencyRoutes);
  await app.register(dropOffRoutes);
}
