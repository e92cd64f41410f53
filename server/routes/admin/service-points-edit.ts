// Service points from the browser (issue 13 pt 3), beside the list and posters of
// service-points.ts: create a point under an agency of the user's subtree, edit its names or agency,
// close it (citizens scanning its QR are told it no longer takes surveys) or reopen it. Each calls
// the use-case of server/use-cases/service-points.ts, audited there; outside the subtree is 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Agency, ServicePoint } from '../../db/schema.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { formErrors, zodProblems } from '../../i18n/problems.ts';
import { staffActor } from '../../use-cases/actor.ts';
import {
  createServicePoint,
  editServicePoint,
  servicePointInReach,
  ServicePointFields,
  setServicePointActive,
} from '../../use-cases/service-points.ts';
import { postedAgency, agencyOptions, bodyStrings, CodeParams, formPage, ID, subtreeOf, type FormError } from './agency-form.ts';
import { NotFoundError } from './guard.ts';

const FIELDS = ['agencyId', 'code', 'nameVi', 'nameEn'] as const;
const Create = z.object(ServicePointFields);
const Edit = z.object({ nameVi: ServicePointFields.nameVi, nameEn: ServicePointFields.nameEn });
const REFUSALS: Record<'agency-not-found' | 'code-taken' | 'agency-closed', { field: string; key: MessageKey }> = {
  'agency-not-found': { field: 'agencyId', key: 'agencyForm.error.agency' },
  'code-taken': { field: 'code', key: 'servicePointForm.error.codeTaken' },
  'agency-closed': { field: 'agencyId', key: 'servicePointForm.error.agencyClosed' },
};

export default async function servicePointEditRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'agencies.manage' as const };
  const done = (what: string, code: string) => `/admin/service-points?done=${what}&code=${encodeURIComponent(code)}`;

  async function pointOr404(request: FastifyRequest): Promise<{ point: ServicePoint; agency: Agency }> {
    const p = CodeParams.safeParse(request.params);
    const found = p.success ? await servicePointInReach(app.db, staffActor(request), p.data.code) : undefined;
    if (!found) throw new NotFoundError();
    return found;
  }

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    point: ServicePoint | null,
    values: Record<string, string>,
    errors: FormError[] = [],
  ) {
    const t = request.t;
    return formPage(request, reply, {
      status: errors.length > 0 ? 422 : undefined,
      caption: point ? `${point.name_vi} (${point.code})` : undefined,
      heading: t(point ? 'servicePointForm.edit.title' : 'servicePointForm.new.title'),
      action: point ? `/admin/service-points/${point.code}/edit` : '/admin/service-points/new',
      submit: t(point ? 'agencyForm.save' : 'servicePointForm.new.submit'),
      back: '/admin/service-points',
      errors,
      fields: [
        {
          type: 'select',
          id: 'agencyId',
          label: t('servicePointForm.agency'),
          options: await agencyOptions(request, await subtreeOf(request), { openOnly: true }),
          value: values['agencyId'],
          placeholder: t('agencyForm.chooseAgency'),
        },
        ...(point
          ? []
          : [
              {
                type: 'input' as const,
                id: 'code',
                label: t('agencyForm.code'),
                hint: t('servicePointForm.codeHint'),
                value: values['code'],
                spellcheck: false,
              },
            ]),
        { type: 'input', id: 'nameVi', label: t('agencyForm.nameVi'), value: values['nameVi'] },
        { type: 'input', id: 'nameEn', label: t('agencyForm.nameEn'), hint: t('agencyForm.optional'), value: values['nameEn'] },
      ],
    });
  }

  app.get('/service-points/new', { config }, async (request, reply) => render(request, reply, null, {}));

  app.post('/service-points/new', { config }, async (request, reply) => {
    const values = bodyStrings(request.body, FIELDS);
    const agency = await postedAgency(request, values.agencyId);
    const parsed = Create.safeParse(values);
    const extra = new Map<string, MessageKey>(agency ? [] : [['agencyId', 'agencyForm.error.agency']]);
    const errors = formErrors(request.t, FIELDS, parsed.success ? [] : zodProblems(parsed.error, values), extra);
    if (!parsed.success || errors.length > 0) return render(request, reply, null, values, errors);
    const r = await createServicePoint(app.db, staffActor(request), { ...parsed.data, agencyId: agency!.id });
    if (!r.ok) {
      const f = REFUSALS[r.reason as keyof typeof REFUSALS];
      return render(request, reply, null, values, [{ field: f.field, message: request.t(f.key) }]);
    }
    return reply.redirect(done('created', r.point.code), 303);
  });

  app.get('/service-points/:code/edit', { config }, async (request, reply) => {
    const { point } = await pointOr404(request);
    return render(request, reply, point, { agencyId: String(point.agency_id), nameVi: point.name_vi, nameEn: point.name_en ?? '' });
  });

  app.post('/service-points/:code/edit', { config }, async (request, reply) => {
    const { point } = await pointOr404(request);
    const values = bodyStrings(request.body, FIELDS);
    const agency = await postedAgency(request, values.agencyId);
    const parsed = Edit.safeParse(values);
    const extra = new Map<string, MessageKey>(agency ? [] : [['agencyId', 'agencyForm.error.agency']]);
    const errors = formErrors(request.t, FIELDS, parsed.success ? [] : zodProblems(parsed.error, values), extra);
    if (!parsed.success || errors.length > 0) return render(request, reply, point, values, errors);
    const r = await editServicePoint(app.db, staffActor(request), point.code, { ...parsed.data, agencyId: agency!.id });
    if (!r.ok) {
      if (r.reason === 'not-found') throw new NotFoundError();
      const f = REFUSALS[r.reason];
      return render(request, reply, point, values, [{ field: f.field, message: request.t(f.key) }]);
    }
    return reply.redirect(done('edited', point.code), 303);
  });

  for (const [action, active] of [
    ['close', false],
    ['reopen', true],
  ] as const) {
    app.post(`/service-points/:code/${action}`, { config }, async (request, reply) => {
      const { point } = await pointOr404(request);
      const r = await setServicePointActive(app.db, staffActor(request), point.code, active);
      if (!r.ok) throw new NotFoundError();
      return reply.redirect(done(action === 'close' ? 'closed' : 'reopened', point.code), 303);
    });
  }
}
