// Paper keying for clerks (and coordinators, admins): choose a campaign and a service point, then key
// whole paper questionnaires on one keyboard-first page. Every form goes through intake with the
// paper channel and the clerk's id, under an id fixed when the page was drawn, so a double submit is
// stored once. The clerk may correct their last form for ten minutes. The campaign and the service
// point are checked against the user's subtree on every request, whatever the URL says.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  correctionRefusal,
  correctKeyedForm,
  countEntriesSince,
  findKeyedForm,
  findOwnEntry,
  findPaperTarget,
  lastEntry,
  listPaperCampaigns,
  listPaperServicePoints,
  sessionStartedAt,
  type CorrectionRefusal,
  type KeyedForm,
  type PaperCampaign,
  type PaperServicePoint,
} from '../../db/queries/paper.ts';
import { findQuestionnaireVersionById, type PublishedVersion } from '../../db/queries/questionnaires.ts';
import { validateAnswers } from '../../domain/answers.ts';
import { formatDate, localDay, startOfLocalDay } from '../../i18n/format.ts';
import { inLocale, type MessageKey } from '../../i18n/index.ts';
import { answerProblemsToIntake, intake, type IntakeProblem } from '../../intake/intake.ts';
import { NotFoundError } from './guard.ts';
import { buildGrid, DATE_ID, problemMessages, rawFromStored, readAnswers, type FormError, type RawValues } from './paper-form.ts';

const CODE = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
const optionalId = z.uuid().optional().catch(undefined);
const ChooseQuery = z.object({ campaign: z.string().optional().catch(undefined) });
const KeyQuery = z.object({ campaign: CODE, service_point: CODE, saved: optionalId, corrected: optionalId });
const text = z.string().catch('');
const KeyBody = z.object({ campaign: text, service_point: text, id: text, form_date: text });
const Body = z.record(z.string(), z.unknown()).catch({});
const IdParams = z.object({ id: z.uuid() });
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const ref = (id: string) => id.slice(0, 8);
const keyUrl = (campaign: string, servicePoint: string, extra: Record<string, string> = {}) =>
  `/admin/paper/key?${new URLSearchParams({ campaign, service_point: servicePoint, ...extra }).toString()}`;

/** The form's date: a calendar day, not after today in Viet Nam. */
function checkFormDate(day: string, today: string): MessageKey | null {
  if (!DAY.test(day) || Number.isNaN(startOfLocalDay(day).getTime()) || localDay(startOfLocalDay(day)) !== day)
    return 'paper.formDateInvalid';
  if (day > today) return 'paper.formDateFuture';
  return null;
}

interface FormPage {
  mode: 'key' | 'correct';
  version: PublishedVersion;
  campaign: { code: string; name: string };
  servicePoint: { code: string; name: string; agency?: string };
  action: string;
  id?: string;
  formDate: string;
  raw: RawValues;
  problems?: IntakeProblem[];
  dateError?: string | null;
  notice?: string | null;
  conflict?: boolean;
  correcting?: KeyedForm;
  status?: number;
}

export default async function paperRoutes(app: FastifyInstance): Promise<void> {
  const name = (request: FastifyRequest, vi: string | null, en: string | null) => inLocale(request.locale, vi ?? '', en);
  const permission = { permission: 'responses.enter' as const };

  async function resolveTarget(request: FastifyRequest, campaignCode: string, servicePointCode: string) {
    if (!CODE.safeParse(campaignCode).success || !CODE.safeParse(servicePointCode).success) throw new NotFoundError();
    const target = await findPaperTarget(app.db, { campaignCode, servicePointCode, scopePath: request.user!.agencyPath });
    if (!target) throw new NotFoundError();
    const version = await findQuestionnaireVersionById(app.db, target.campaign.questionnaireVersionId);
    if (!version) throw new NotFoundError();
    return { ...target, version };
  }

  const campaignView = (request: FastifyRequest, c: PaperCampaign) => ({ code: c.code, name: name(request, c.nameVi, c.nameEn) });
  const servicePointView = (request: FastifyRequest, s: PaperServicePoint) => ({
    code: s.code,
    name: name(request, s.nameVi, s.nameEn),
    agency: name(request, s.agencyNameVi, s.agencyNameEn),
  });

  async function renderForm(request: FastifyRequest, reply: FastifyReply, p: FormPage) {
    const me = request.user!;
    const t = request.t;
    const def = p.version.definition;
    const { fieldErrors, dateError, summary } = problemMessages(def, t, p.problems ?? []);
    const shownDateError = p.dateError ?? dateError;
    const errors: FormError[] = [...(p.dateError ? [{ field: DATE_ID, message: p.dateError }] : []), ...summary];
    const grid = buildGrid(def, request.locale, t, p.raw, fieldErrors);

    const since = (await sessionStartedAt(app.db, me.sessionHash)) ?? new Date();
    const sessionCount = await countEntriesSince(app.db, me.id, since);
    const last = p.mode === 'key' ? await lastEntry(app.db, me.id) : undefined;
    return reply.page(
      'admin/paper/key.eta',
      {
        mode: p.mode,
        action: p.action,
        campaign: p.campaign,
        servicePoint: p.servicePoint,
        questionnaire: name(request, p.version.titleVi, p.version.titleEn),
        id: p.id,
        formDate: p.formDate,
        today: localDay(new Date()),
        dateError: shownDateError,
        errors,
        notice: p.notice ?? null,
        conflict: p.conflict ?? false,
        grid,
        autofocusId: errors.length === 0 && !p.conflict ? grid.fields[0]?.id : undefined,
        sessionCount,
        correctLink: last?.correctable
          ? { href: `/admin/paper/correct/${last.responseId}`, ref: ref(last.responseId), until: last.correctableUntil }
          : null,
        correcting: p.correcting
          ? { ref: ref(p.correcting.responseId), at: p.correcting.enteredAt, until: p.correcting.correctableUntil }
          : null,
      },
      {
        status: p.status,
        title: p.mode === 'correct' ? t('paper.correct.title') : t('paper.key.title', { servicePoint: p.servicePoint.name }),
      },
    );
  }

  function renderRefused(request: FastifyRequest, reply: FastifyReply, reason: CorrectionRefusal | 'gone', back: string) {
    return reply.page(
      'admin/paper/refused.eta',
      { heading: request.t('paper.refused.title'), message: request.t(`paper.refused.${reason}`), back },
      { status: reason === 'gone' ? 404 : 403, title: request.t('paper.refused.title') },
    );
  }

  // Choose: a campaign first (chosen for the user when there is only one), then a service point.
  app.get('/paper', { config: permission }, async (request, reply) => {
    const me = request.user!;
    const q = ChooseQuery.parse(request.query ?? {});
    const campaigns = await listPaperCampaigns(app.db, me.agencyPath);
    let chosen = q.campaign ? campaigns.find((c) => c.code === q.campaign) : undefined;
    if (!q.campaign && campaigns.length === 1) chosen = campaigns[0];
    const servicePoints = chosen ? await listPaperServicePoints(app.db, chosen.id, me.agencyPath) : [];
    return reply.page(
      'admin/paper/choose.eta',
      {
        campaigns: campaigns.map((c) => ({ ...campaignView(request, c), startsOn: c.startsOn })),
        chosen: chosen ? campaignView(request, chosen) : null,
        unknownCampaign: Boolean(q.campaign) && !chosen,
        servicePoints: servicePoints.map((s) => servicePointView(request, s)),
      },
      { title: request.t('paper.title') },
    );
  });

  app.get('/paper/key', { config: permission }, async (request, reply) => {
    const me = request.user!;
    const raw = (request.query ?? {}) as Record<string, unknown>;
    if (raw['campaign'] === undefined || raw['service_point'] === undefined) {
      const campaign = CODE.safeParse(raw['campaign']);
      return reply.redirect(campaign.success ? `/admin/paper?campaign=${encodeURIComponent(campaign.data)}` : '/admin/paper', 303);
    }
    const q = KeyQuery.safeParse(raw);
    if (!q.success) throw new NotFoundError();
    const target = await resolveTarget(request, q.data.campaign, q.data.service_point);

    let notice: string | null = null;
    const shown = q.data.saved ?? q.data.corrected;
    if (shown) {
      const since = (await sessionStartedAt(app.db, me.sessionHash)) ?? new Date();
      const entry = await findOwnEntry(app.db, shown, me.id, since);
      if (entry && q.data.corrected) notice = request.t('paper.corrected', { ref: ref(shown) });
      else if (entry && entry.position > 0) notice = request.t('paper.saved', { n: entry.position, ref: ref(shown) });
      else if (entry) notice = request.t('paper.savedBefore', { ref: ref(shown) });
    }
    return renderForm(request, reply, {
      mode: 'key',
      version: target.version,
      campaign: campaignView(request, target.campaign),
      servicePoint: servicePointView(request, target.servicePoint),
      action: '/admin/paper/key',
      id: randomUUID(),
      formDate: localDay(new Date()),
      raw: {},
      notice,
    });
  });

  app.post('/paper/key', { config: permission }, async (request, reply) => {
    const me = request.user!;
    const body = Body.parse(request.body);
    const fields = KeyBody.parse(body);
    const target = await resolveTarget(request, fields.campaign, fields.service_point);
    if (!z.uuid().safeParse(fields.id).success) {
      // Not a form this page drew (no id, a mangled one): it cannot be stored once, so not at all.
      const back = keyUrl(target.campaign.code, target.servicePoint.code);
      return reply.page(
        'admin/paper/refused.eta',
        { heading: request.t('error.title'), message: request.t('paper.badForm'), back },
        { status: 400, title: request.t('error.title') },
      );
    }

    const def = target.version.definition;
    const { answers, comment, raw } = readAnswers(def, body);
    const today = localDay(new Date());
    const dateProblem = checkFormDate(fields.form_date, today);
    const page = (over: Partial<FormPage>): FormPage => ({
      mode: 'key',
      version: target.version,
      campaign: campaignView(request, target.campaign),
      servicePoint: servicePointView(request, target.servicePoint),
      action: '/admin/paper/key',
      id: fields.id,
      formDate: fields.form_date,
      raw,
      status: 422,
      ...over,
    });

    if (dateProblem) {
      // The answers are checked too, so that one round trip shows every mistake.
      const checked = validateAnswers(def, { answers, comment }, 'lenient');
      const problems = checked.ok ? [] : answerProblemsToIntake(checked.problems);
      return renderForm(
        request,
        reply,
        page({ problems, dateError: request.t(dateProblem, { today: formatDate(today, request.locale) }) }),
      );
    }

    const result = await intake(app.db, app.submissions, {
      id: fields.id,
      campaignCode: target.campaign.code,
      servicePointCode: target.servicePoint.code,
      channel: 'paper',
      submittedAt: startOfLocalDay(fields.form_date),
      // Paper questionnaires are printed in Vietnamese, whatever language the clerk reads.
      locale: 'vi',
      answers,
      comment,
      completeness: 'lenient',
      scopePath: me.agencyPath,
      enteredBy: me.id,
    });
    if (!result.ok) {
      if (result.status === 403) throw new NotFoundError();
      return renderForm(request, reply, page({ problems: result.problems }));
    }
    if (result.outcome === 'created' || result.outcome === 'replayed') {
      return reply.redirect(keyUrl(target.campaign.code, target.servicePoint.code, { saved: result.id }), 303);
    }
    // The id was used for other answers (the page was sent again after going back and changing
    // it): nothing was stored. A fresh id lets the clerk save it as a new form if it is one.
    return renderForm(request, reply, page({ id: randomUUID(), conflict: true, status: 409 }));
  });

  async function keyedFormFor(request: FastifyRequest) {
    const params = IdParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const form = await findKeyedForm(app.db, params.data.id, request.user!.agencyPath);
    if (!form) throw new NotFoundError();
    const version = await findQuestionnaireVersionById(app.db, form.questionnaireVersionId);
    if (!version) throw new NotFoundError();
    const back = form.campaignCode && form.servicePointCode ? keyUrl(form.campaignCode, form.servicePointCode) : '/admin/paper';
    return { form, version, back };
  }

  const correctionPage = (request: FastifyRequest, form: KeyedForm, version: PublishedVersion, over: Partial<FormPage>): FormPage => ({
    mode: 'correct',
    version,
    campaign: { code: form.campaignCode ?? '', name: name(request, form.campaignNameVi, form.campaignNameEn) },
    servicePoint: { code: form.servicePointCode ?? '', name: name(request, form.servicePointNameVi, form.servicePointNameEn) },
    action: `/admin/paper/correct/${form.responseId}`,
    formDate: localDay(form.submittedAt),
    raw: rawFromStored(form.answers, form.comment),
    correcting: form,
    ...over,
  });

  app.get('/paper/correct/:id', { config: permission }, async (request, reply) => {
    const { form, version, back } = await keyedFormFor(request);
    const refusal = correctionRefusal(form, request.user!.id);
    if (refusal) return renderRefused(request, reply, refusal, back);
    return renderForm(request, reply, correctionPage(request, form, version, {}));
  });

  app.post('/paper/correct/:id', { config: permission }, async (request, reply) => {
    const me = request.user!;
    const { form, version, back } = await keyedFormFor(request);
    const refusal = correctionRefusal(form, me.id);
    if (refusal) return renderRefused(request, reply, refusal, back);

    const { answers, comment, raw } = readAnswers(version.definition, Body.parse(request.body));
    const checked = validateAnswers(version.definition, { answers, comment }, 'lenient');
    if (!checked.ok) {
      return renderForm(
        request,
        reply,
        correctionPage(request, form, version, { raw, problems: answerProblemsToIntake(checked.problems), status: 422 }),
      );
    }
    const result = await correctKeyedForm(app.db, {
      responseId: form.responseId,
      userId: me.id,
      scopePath: me.agencyPath,
      answers: checked.answers,
      comment: checked.comment,
      ip: request.ip || null,
    });
    if (!result.ok) return renderRefused(request, reply, result.reason, back);
    const done =
      form.campaignCode && form.servicePointCode
        ? keyUrl(form.campaignCode, form.servicePointCode, { corrected: form.responseId })
        : '/admin/paper';
    return reply.redirect(done, 303);
  });
}
