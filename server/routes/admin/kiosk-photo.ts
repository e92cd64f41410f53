// The officer's photo on a kiosk: upload (multipart, checked by its bytes), preview and removal.
// Scope works as for the other kiosk pages: a kiosk outside the subtree answers 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../db/queries/audit.ts';
import { deleteOfficerPhoto, findOfficerPhoto, setOfficerPhoto } from '../../db/queries/kiosk-photos.ts';
import { type KioskRow } from '../../db/queries/kiosks.ts';
import { MAX_PHOTO_BYTES, sniffImage } from '../../domain/image.ts';
import { NotFoundError } from './guard.ts';

interface Deps {
  config: { permission: 'kiosks.manage' };
  inScopeOr404(request: FastifyRequest): Promise<KioskRow>;
  renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    kiosk: KioskRow,
    opts: { status?: number; errors?: { field?: string; message: string }[] },
  ): Promise<FastifyReply>;
}

export function officerPhotoRoutes(app: FastifyInstance, { config, inScopeOr404, renderSettings }: Deps): void {
  app.post('/kiosks/:id/photo', { config }, async (request, reply) => {
    const me = request.user!;
    const kiosk = await inScopeOr404(request);
    // The multipart parser puts the file's bytes on the body (attachFieldsToBody: 'keyValues').
    const file = (request.body as Record<string, unknown> | undefined)?.['photo'];
    const bytes = Buffer.isBuffer(file) ? file : null;
    const type = bytes && bytes.length > 0 ? sniffImage(bytes) : null;
    if (!bytes || !type || bytes.length > MAX_PHOTO_BYTES) {
      const message = request.t(!bytes || bytes.length === 0 ? 'kiosks.photoMissing' : !type ? 'kiosks.photoType' : 'kiosks.photoTooLarge');
      return renderSettings(request, reply, kiosk, { status: 422, errors: [{ field: 'photo', message }] });
    }
    await app.db.transaction().execute(async (tx) => {
      await setOfficerPhoto(tx, kiosk.id, type, bytes);
      await audit(tx, {
        action: 'kiosk.photo',
        actorUserId: me.id,
        agencyId: kiosk.agencyId,
        ip: request.ip || null,
        details: { kioskId: kiosk.id, bytes: bytes.length, type },
      });
    });
    return reply.redirect(`/admin/kiosks/${kiosk.id}?photo=saved`, 303);
  });

  app.post('/kiosks/:id/photo/delete', { config }, async (request, reply) => {
    const me = request.user!;
    const kiosk = await inScopeOr404(request);
    await app.db.transaction().execute(async (tx) => {
      if (await deleteOfficerPhoto(tx, kiosk.id)) {
        await audit(tx, {
          action: 'kiosk.photo_delete',
          actorUserId: me.id,
          agencyId: kiosk.agencyId,
          ip: request.ip || null,
          details: { kioskId: kiosk.id },
        });
      }
    });
    return reply.redirect(`/admin/kiosks/${kiosk.id}`, 303);
  });

  app.get('/kiosks/:id/photo', { config }, async (request, reply) => {
    const kiosk = await inScopeOr404(request);
    const photo = await findOfficerPhoto(app.db, kiosk.id);
    if (!photo) throw new NotFoundError();
    return reply.header('Cache-Control', 'private, max-age=300').type(photo.contentType).send(photo.bytes);
  });
}
