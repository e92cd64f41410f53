// POST /links: the one-stop system asks for a per-dossier survey link to hand the citizen (SMS,
// Zalo, the receipt). Only for service points inside the token's subtree; the dossier code is
// signed into the link and never written anywhere in clear.
import type { FastifyInstance } from 'fastify';
import { findPlace } from '../../db/queries/places.ts';
import { audit } from '../../db/queries/audit.ts';
import { dossierFingerprint } from '../../domain/dossier-link.ts';
import { mintDossierUrl } from '../../domain/dossier-url.ts';
import { requireToken } from '../../plugins/api-auth.ts';
import { zodProblems } from '../../i18n/problems.ts';
import { sendProblems } from './problems.ts';
import { LinkInput } from './schemas.ts';

export default async function linkRoutes(app: FastifyInstance): Promise<void> {
  app.post('/links', { config: { csrf: false }, preHandler: requireToken('submit'), bodyLimit: 16 * 1024 }, async (request, reply) => {
    const parsed = LinkInput.safeParse(request.body ?? {});
    if (!parsed.success) return sendProblems(request, reply, 422, zodProblems(parsed.error, request.body ?? {}));
    const input = parsed.data;
    const token = request.apiToken!;

    const place = await findPlace(app.db, { servicePointCode: input.service_point });
    if (!place) return sendProblems(request, reply, 422, [{ field: 'service_point', code: 'unknown-service-point' }]);
    if (!place.agencyPath.startsWith(token.agencyPath))
      return sendProblems(request, reply, 403, [{ field: 'service_point', code: 'out-of-scope' }]);
    if (!place.servicePointActive) return sendProblems(request, reply, 422, [{ field: 'service_point', code: 'service-point-inactive' }]);

    const link = mintDossierUrl({
      publicUrl: app.config.publicUrl,
      secret: app.config.sessionSecret,
      servicePointCode: input.service_point,
      dossierCode: input.dossier,
      days: input.expires_in_days,
    });
    await audit(app.db, {
      action: 'link.mint',
      actorLabel: `api-token:${token.id}`,
      agencyId: place.agencyId,
      ip: request.ip,
      details: {
        via: 'api',
        tokenId: token.id,
        servicePoint: input.service_point,
        dossier: dossierFingerprint(input.dossier),
        expiresAt: link.expiresAt.toISOString(),
      },
    });
    return reply.code(201).send({ url: link.url, expires_at: link.expiresAt.toISOString() });
  });
}
