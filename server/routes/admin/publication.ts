// Publishing a province's results on the public page (/ket-qua): one checkbox per province in the
// user's subtree. A province is a root of the tree, so only a user at the province itself may turn
// it on or off; a province outside the subtree answers 404, exactly like one that does not exist.
// The second switch per province, under the same rules: whether exports carry identifiers (dossier
// hashes, officer names), off unless a coordinator turns it on.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../../db/queries/audit.ts';
import { findProvince, isPublished, provincesInScope, setPublished } from '../../db/queries/publication.ts';
import { getSetting, setSetting, settingsWithPrefix } from '../../db/queries/settings.ts';
import type { Agency } from '../../db/schema.ts';
import { identifiersSetting } from '../../exports/job.ts';
import { inScope } from '../../plugins/session.ts';
import { NotFoundError } from './guard.ts';
import { inLocale } from '../../i18n/index.ts';

const PUBLICATION_PATH = '/results/publication';

// Read as strings whatever was sent, so that a malformed body is a form error, not a 500.
const Body = z.object({ province: z.string().catch(''), published: z.string().optional().catch('?') });
const IdentifiersBody = z.object({ province: z.string().catch(''), identifiers: z.string().optional().catch('?') });
const Notice = z.object({
  done: z.enum(['on', 'off', 'identifiers-on', 'identifiers-off']).optional().catch(undefined),
  province: z.string().max(64).optional().catch(undefined),
});

const name = (a: Pick<Agency, 'name_vi' | 'name_en'>, locale: string) => inLocale(locale, a.name_vi, a.name_en);

export default async function publicationRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'agencies.manage' as const };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { status?: number; error?: { province: string; message: string; setting?: 'published' | 'identifiers' } } = {},
  ) {
    const provinces = await provincesInScope(app.db, request.user!.agencyPath);
    const withIdentifiers = new Set(
      (await settingsWithPrefix(app.db, identifiersSetting(''))).filter((s) => s.value === true).map((s) => s.key),
    );
    const q = Notice.parse(request.query ?? {});
    const subject = q.done && provinces.find((p) => p.code === q.province);
    const errors = opts.error
      ? [{ field: `${opts.error.setting ?? 'published'}-${opts.error.province}`, message: opts.error.message }]
      : [];
    return reply.page(
      'admin/publication/index.eta',
      {
        provinces: provinces.map((p) => ({
          code: p.code,
          name: name(p, request.locale),
          published: p.published,
          identifiers: withIdentifiers.has(identifiersSetting(p.code)),
          href: `/ket-qua/${encodeURIComponent(p.code)}`,
        })),
        notice: subject ? { kind: q.done, name: name(subject, request.locale) } : null,
        errors,
        fieldError: opts.error ?? null,
      },
      { status: opts.status, title: request.t('publicResults.admin.title') },
    );
  }

  app.get(PUBLICATION_PATH, { config }, async (request, reply) => render(request, reply));

  app.post(PUBLICATION_PATH, { config }, async (request, reply) => {
    const me = request.user!;
    const body = Body.parse(request.body ?? {});
    const province = body.province ? await findProvince(app.db, body.province) : undefined;
    if (!province || !inScope(me, province.path)) throw new NotFoundError();
    // An unticked checkbox sends nothing; a ticked one sends "1". Anything else was not our form.
    if (body.published !== undefined && body.published !== '1') {
      return render(request, reply, { status: 422, error: { province: province.code, message: request.t('publicResults.admin.invalid') } });
    }
    const published = body.published === '1';
    await app.db.transaction().execute(async (trx) => {
      if ((await isPublished(trx, province.code)) === published) return;
      await setPublished(trx, province.code, published);
      await audit(trx, {
        action: published ? 'results.publish' : 'results.unpublish',
        actorUserId: me.id,
        agencyId: province.id,
        ip: request.ip || null,
        details: { province: province.code },
      });
    });
    return reply.redirect(`/admin${PUBLICATION_PATH}?done=${published ? 'on' : 'off'}&province=${encodeURIComponent(province.code)}`, 303);
  });

  app.post(`${PUBLICATION_PATH}/identifiers`, { config }, async (request, reply) => {
    const me = request.user!;
    const body = IdentifiersBody.parse(request.body ?? {});
    const province = body.province ? await findProvince(app.db, body.province) : undefined;
    if (!province || !inScope(me, province.path)) throw new NotFoundError();
    if (body.identifiers !== undefined && body.identifiers !== '1') {
      return render(request, reply, {
        status: 422,
        error: { province: province.code, setting: 'identifiers', message: request.t('exports.identifiers.invalid') },
      });
    }
    const on = body.identifiers === '1';
    const key = identifiersSetting(province.code);
    await app.db.transaction().execute(async (trx) => {
      if (((await getSetting(trx, key)) === true) === on) return;
      await setSetting(trx, key, on);
      await audit(trx, {
        action: on ? 'exports.identifiers.on' : 'exports.identifiers.off',
        actorUserId: me.id,
        agencyId: province.id,
        ip: request.ip || null,
        details: { province: province.code },
      });
    });
    return reply.redirect(
      `/admin${PUBLICATION_PATH}?done=identifiers-${on ? 'on' : 'off'}&province=${encodeURIComponent(province.code)}`,
      303,
    );
  });
}
