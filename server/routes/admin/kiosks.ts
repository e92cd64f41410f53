// Kiosks for admins and coordinators: the list of the subtree's devices with what each said at its
// last heartbeat, registering one for a service point (→ a one-time pairing code), a new code,
// settings, and revoking. A kiosk or service point outside the subtree answers 404, exactly like
// one that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../../db/queries/audit.ts';
import {
  findKioskInScope,
  findServicePointForKiosk,
  listKiosksInSubtree,
  registerKiosk,
  revokeKiosk,
  updateKioskSettings,
  type KioskRow,
} from '../../db/queries/kiosks.ts';
import { issuePairingCode } from '../../db/queries/kiosk-pairing.ts';
import { officerPhotoVersion } from '../../db/queries/kiosk-photos.ts';
import { listQuestionnaires } from '../../db/queries/questionnaires.ts';
import { listServicePointsInSubtree } from '../../db/queries/service-points.ts';
import { DEFAULT_MIN_INTERVAL_SECONDS, KIOSK_THANK_YOU_MAX_SECONDS, MAX_MIN_INTERVAL_SECONDS } from '../../domain/kiosk-interval.ts';
import { kioskStatus, pairingUrl } from '../../domain/kiosk-pairing.ts';
import { cleanText } from '../../domain/text.ts';
import { formErrors, formMessage as m, zodProblems } from '../../i18n/problems.ts';
import { inScope } from '../../plugins/session.ts';
import { NotFoundError } from './guard.ts';
import { officerPhotoRoutes } from './kiosk-photo.ts';
import { inLocale } from '../../i18n/index.ts';

interface FormError {
  field?: string;
  message: string;
}

const ID = /^[1-9][0-9]{0,15}$/;
const IdParams = z.object({ id: z.string().regex(ID).transform(Number) });
// Each field is read as a string whatever was sent, so a malformed body is a form error, not a 500.
const text = z.string().catch('');
const RegisterBody = z.object({ servicePointId: text, name: text });
const SETTINGS_FIELDS = ['name', 'questionnaireId', 'minIntervalSeconds', 'officerName'] as const;
const SettingsBody = z.object({ name: text, questionnaireId: text, minIntervalSeconds: text, officerName: text });

const Name = z
  .string()
  .transform(cleanText)
  .pipe(z.string().min(1, m('kiosks.nameInvalid')).max(200, m('kiosks.nameInvalid')));
const Settings = z.object({
  name: Name,
  questionnaireId: z.string().regex(ID, m('kiosks.questionnaireInvalid')).transform(Number),
  minIntervalSeconds: z
    .string()
    .trim()
    .regex(/^[0-9]{1,4}$/, m('kiosks.intervalInvalid'))
    .transform(Number)
    .pipe(z.number().max(MAX_MIN_INTERVAL_SECONDS, m('kiosks.intervalInvalid'))),
  officerName: z
    .string()
    .transform(cleanText)
    .pipe(z.string().max(200, m('kiosks.officerInvalid')))
    .transform((s) => s || null),
});

const NOTICES = ['revoked', 'saved'] as const;
const ListQuery = z.object({
  done: z.enum(NOTICES).optional().catch(undefined),
  id: z.string().regex(ID).transform(Number).optional().catch(undefined),
});

function kioskId(request: FastifyRequest): number {
  const r = IdParams.safeParse(request.params);
  if (!r.success) throw new NotFoundError();
  return r.data.id;
}

export default async function kioskAdminRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'kiosks.manage' as const };

  async function inScopeOr404(request: FastifyRequest): Promise<KioskRow> {
    const kiosk = await findKioskInScope(app.db, kioskId(request), request.user!.agencyPath);
    if (!kiosk) throw new NotFoundError();
    return kiosk;
  }

  /** The one-time code page: shown in answer to the POST that made the code, never stored in clear. */
  function codePage(
    request: FastifyRequest,
    reply: FastifyReply,
    k: { id: number; name: string },
    code: string,
    expiresAt: Date,
    status: number,
  ) {
    return reply.page(
      'admin/kiosks/code.eta',
      { kiosk: k, code, url: pairingUrl(app.config.publicUrl, code), expiresAt },
      { status, title: request.t('kiosks.codeTitle', { name: k.name }) },
    );
  }

  app.get('/kiosks', { config }, async (request, reply) => {
    const kiosks = await listKiosksInSubtree(app.db, request.user!.agencyPath);
    const q = ListQuery.parse(request.query ?? {});
    const subject = q.done && q.id ? kiosks.find((k) => k.id === q.id) : undefined;
    const now = new Date();
    return reply.page(
      'admin/kiosks/list.eta',
      { kiosks: kiosks.map((k) => ({ ...k, status: kioskStatus(k, now) })), notice: subject ? { kind: q.done, name: subject.name } : null },
      { title: request.t('kiosks.title') },
    );
  });

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { status?: number; values?: { servicePointId: string; name: string }; errors?: FormError[] } = {},
  ) {
    const points = (await listServicePointsInSubtree(app.db, request.user!.agencyPath)).filter((p) => p.active);
    const errors = opts.errors ?? [];
    const label = (p: { code: string; name_vi: string; name_en: string | null }) =>
      `${inLocale(request.locale, p.name_vi, p.name_en)} (${p.code})`;
    return reply.page(
      'admin/kiosks/new.eta',
      {
        values: opts.values ?? { servicePointId: '', name: '' },
        errors,
        fieldErrors: Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field, e.message])),
        pointOptions: points.map((p) => ({ value: p.id, label: label(p) })),
      },
      { status: opts.status, title: request.t('kiosks.newTitle') },
    );
  }

  app.get('/kiosks/new', { config }, async (request, reply) => renderNew(request, reply));

  app.post('/kiosks', { config }, async (request, reply) => {
    const me = request.user!;
    const body = RegisterBody.safeParse(request.body ?? {});
    const values = body.success ? body.data : { servicePointId: '', name: '' };
    // A well-formed id outside the subtree can only come from a crafted request: answer as if it
    // did not exist, before anything else is looked at.
    const point = ID.test(values.servicePointId) ? await findServicePointForKiosk(app.db, Number(values.servicePointId)) : undefined;
    if (ID.test(values.servicePointId) && (!point || !inScope(me, point.agencyPath))) throw new NotFoundError();
    const errors: FormError[] = [];
    if (!point || !point.active) errors.push({ field: 'servicePointId', message: request.t('kiosks.servicePointInvalid') });
    // Unnamed, a kiosk takes its counter's name: most counters have one screen.
    const name = Name.safeParse(cleanText(values.name) === '' && point ? point.nameVi : values.name);
    if (!name.success) errors.push({ field: 'name', message: request.t('kiosks.nameInvalid') });
    if (errors.length > 0 || !point || !name.success) return renderNew(request, reply, { status: 422, values, errors });

    const registered = await registerKiosk(app.db, { servicePointId: point.id, name: name.data, createdBy: me.id, ip: request.ip || null });
    return codePage(request, reply, { id: registered.kioskId, name: name.data }, registered.code, registered.expiresAt, 201);
  });

  app.get('/kiosks/:id', { config }, async (request, reply) => {
    const kiosk = await inScopeOr404(request);
    return renderSettings(request, reply, kiosk);
  });

  async function renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    kiosk: KioskRow,
    opts: { status?: number; values?: z.infer<typeof SettingsBody>; errors?: FormError[] } = {},
  ) {
    const questionnaires = await listQuestionnaires(app.db);
    const errors = opts.errors ?? [];
    const photoVersion = await officerPhotoVersion(app.db, kiosk.id);
    return reply.page(
      'admin/kiosks/settings.eta',
      {
        kiosk: { ...kiosk, status: kioskStatus(kiosk, new Date()) },
        values: opts.values ?? {
          name: kiosk.name,
          questionnaireId: String(kiosk.questionnaireId),
          minIntervalSeconds: String(kiosk.minIntervalSeconds),
          officerName: kiosk.officerName ?? '',
        },
        defaultInterval: DEFAULT_MIN_INTERVAL_SECONDS,
        thankYouMax: KIOSK_THANK_YOU_MAX_SECONDS,
        photoUrl: photoVersion === undefined ? null : `/admin/kiosks/${kiosk.id}/photo?v=${photoVersion}`,
        photoSaved: (request.query as Record<string, unknown>)['photo'] === 'saved',
        errors,
        fieldErrors: Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field, e.message])),
        questionnaireOptions: questionnaires
          .filter((q) => q.latestVersion !== null)
          .map((q) => ({ value: q.id, label: `${inLocale(request.locale, q.titleVi, q.titleEn)} (${q.code})` })),
      },
      { status: opts.status, title: request.t('kiosks.settingsTitle', { name: kiosk.name }) },
    );
  }

  app.post('/kiosks/:id', { config }, async (request, reply) => {
    const me = request.user!;
    const kiosk = await inScopeOr404(request);
    const body = SettingsBody.safeParse(request.body ?? {});
    const values = body.success ? body.data : { name: '', questionnaireId: '', minIntervalSeconds: '', officerName: '' };
    const parsed = Settings.safeParse(values);
    const errors = parsed.success ? [] : formErrors(request.t, SETTINGS_FIELDS, zodProblems(parsed.error, values));
    if (parsed.success) {
      const published = (await listQuestionnaires(app.db)).some((q) => q.id === parsed.data.questionnaireId && q.latestVersion !== null);
      if (!published) errors.push({ field: 'questionnaireId', message: request.t('kiosks.questionnaireInvalid') });
    }
    if (!parsed.success || errors.length > 0) return renderSettings(request, reply, kiosk, { status: 422, values, errors });
    const s = parsed.data;
    await app.db.transaction().execute(async (tx) => {
      await updateKioskSettings(tx, kiosk.id, s);
      await audit(tx, {
        action: 'kiosk.update',
        actorUserId: me.id,
        agencyId: kiosk.agencyId,
        ip: request.ip || null,
        details: {
          kioskId: kiosk.id,
          name: s.name,
          questionnaireId: s.questionnaireId,
          minIntervalSeconds: s.minIntervalSeconds,
          officer: s.officerName !== null,
        },
      });
    });
    return reply.redirect(`/admin/kiosks?done=saved&id=${kiosk.id}`, 303);
  });

  app.post('/kiosks/:id/pair', { config }, async (request, reply) => {
    const me = request.user!;
    const kiosk = await inScopeOr404(request);
    const issued = kiosk.revokedAt ? undefined : await issuePairingCode(app.db, kiosk.id);
    if (!issued) {
      const message = request.t('kiosks.revokedNoCode', { name: kiosk.name });
      return reply.page('pages/error.eta', { status: 409, heading: request.t('error.title'), message }, { status: 409, title: message });
    }
    await audit(app.db, {
      action: 'kiosk.code',
      actorUserId: me.id,
      agencyId: kiosk.agencyId,
      ip: request.ip || null,
      details: { kioskId: kiosk.id, name: kiosk.name, expiresAt: issued.expiresAt.toISOString() },
    });
    return codePage(request, reply, kiosk, issued.code, issued.expiresAt, 200);
  });

  app.post('/kiosks/:id/revoke', { config }, async (request, reply) => {
    const me = request.user!;
    const kiosk = await inScopeOr404(request);
    await app.db.transaction().execute(async (tx) => {
      if (await revokeKiosk(tx, kiosk.id, new Date())) {
        await audit(tx, {
          action: 'kiosk.revoke',
          actorUserId: me.id,
          agencyId: kiosk.agencyId,
          ip: request.ip || null,
          details: { kioskId: kiosk.id, name: kiosk.name },
        });
      }
    });
    return reply.redirect(`/admin/kiosks?done=revoked&id=${kiosk.id}`, 303);
  });

  officerPhotoRoutes(app, { config, inScopeOr404, renderSettings });
}
