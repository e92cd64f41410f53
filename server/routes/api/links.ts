// POST /links: the one-stop system asks for a per-dossier survey link to hand the citizen (SMS,
// Zalo, the receipt). Only for service points inside the token's subtree; the dossier code is
// signed into the link and never written anywhere in clear.
import type { FastifyInstance } from 'fastify';
import { findPlace } from '../../db/queries/places.ts';
import { audit } from '../../db/queries/audit.ts';
import { dossierFingerprint } from '../../domain/dossier-link.ts';
import { mintDossierUrl } from '../../domain/dossier-url.ts';
import { requireToken } from '../../plugins/api-auth.ts';
import { sendProblems } from './problems.ts';
import { bodyErrors, MintedLink } from './replies.ts';
import { LinkInput } from './schemas.ts';
import type { ZodTypeProvider } from './validation.ts';

export default async function linkRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const schema = {
    summary: 'Mint a signed per-dossier survey link',
    operationId: 'mintLink',
    body: LinkInput,
    response: {
      201: {
        description: 'The link; one response per dossier is accepted through it.',
        content: { 'application/json': { schema: MintedLink } },
      },
      ...bodyErrors,
    },
  };
  const options = { schema, config: { csrf: false as const }, preValidation: requireToken('submit'), bodyLimit: 16 * 1024 };
  app.post('/links', options, async (request, reply) => {
    const input = request.body;
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
