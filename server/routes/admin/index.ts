// Staff pages under /admin. The guard makes every route here declare its permission and refuses
// signed-out visitors and roles without it; handlers scope their queries to the user's subtree.
import type { FastifyInstance } from 'fastify';
import commentRoutes from './comments/index.ts';
import closedPeriodRoutes from './closed-periods.ts';
import dashboardRoutes from './dashboard.ts';
import exportRoutes from './exports.ts';
import flagRoutes from './flags/index.ts';
import { installStaffGuard } from './guard.ts';
import kioskRoutes from './kiosks.ts';
import paperRoutes from './paper.ts';
import planRoutes from './plans/index.ts';
import publicationRoutes from './publication.ts';
import indexRuleRoutes from './index-rule.ts';
import resultsRoutes from './results/index.ts';
import servedRoutes from './served.ts';
import servicePointRoutes from './service-points.ts';
import targetRoutes from './targets.ts';
import targetEditRoutes from './targets-edit.ts';
import tokenRoutes from './tokens.ts';
import userRoutes from './users.ts';
import auditRoutes from './audit.ts';
import agencyRoutes from './agencies.ts';
// Issue 13 points 4–5 (helper E): campaigns and questionnaires.
import campaignRoutes from './campaigns.ts';
import questionnaireRoutes from './questionnaires.ts';
// Issue 13 pt 2–3: changing agencies, the reorganisation wizard, service points.
import agencyEditRoutes from './agency-edit.ts';
import reorganiseRoutes from './reorganise.ts';
import servicePointEditRoutes from './service-points-edit.ts';

export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  installStaffGuard(app);
  await app.register(dashboardRoutes);
  await app.register(userRoutes);
  await app.register(servicePointRoutes);
  await app.register(paperRoutes);
  await app.register(kioskRoutes);
  await app.register(publicationRoutes);
  await app.register(indexRuleRoutes);
  await app.register(resultsRoutes);
  await app.register(exportRoutes);
  await app.register(targetRoutes);
  await app.register(targetEditRoutes);
  await app.register(commentRoutes);
  await app.register(flagRoutes);
  await app.register(planRoutes);
  await app.register(closedPeriodRoutes);
  await app.register(tokenRoutes);
  await app.register(auditRoutes);
  await app.register(agencyRoutes);
  await app.register(campaignRoutes);
  await app.register(questionnaireRoutes);
  await app.register(agencyEditRoutes);
  await app.register(reorganiseRoutes);
  await app.register(servicePointEditRoutes);
  await app.register(servedRoutes);
}
