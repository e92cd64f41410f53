// Improvement plans (kế hoạch khắc phục, issue 14 point 4). GET /admin/plans lists the plans of the
// user's subtree, open ones first by deadline with the overdue ones marked; GET /admin/plans/new
// starts one from a weak index of an agency and period (the agency page links here with its
// selection; without one, a short chooser asks for it); POST /admin/plans records it with the
// figure recomputed; GET/POST /admin/plans/:id shows and updates one. Every change is audited with
// before and after. Outside the subtree is a 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAgencyInScope, listSubtree } from '../../../db/queries/agencies.ts';
import { audit } from '../../../db/queries/audit.ts';
import {
  findPlanInScope,
  insertPlan,
  listPlansInScope,
  updatePlan,
  type PlanListStatus,
  type PlanRow,
} from '../../../db/queries/improvement-plans.ts';
import { findQuestionnaireVersion } from '../../../db/queries/questionnaires.ts';
import type { Agency, PlanStatus } from '../../../db/schema.ts';
import { treeOrder } from '../../../domain/agency-tree.ts';
import { isPlanStatus, MEASURES_MAX, OUTCOME_MAX, PLAN_STATUSES, WEAKNESS_MAX } from '../../../domain/improvement-plans.ts';
import { parseTypedDay } from '../../../domain/period.ts';
import { can } from '../../../domain/roles.ts';
import { cleanText } from '../../../domain/text.ts';
import { formatDate, formatNumber, localDay } from '../../../i18n/format.ts';
import { inLocale, type MessageKey } from '../../../i18n/index.ts';
import { DEFAULT_QUESTIONNAIRE } from '../../../results/params.ts';
import { inScope } from '../../../plugins/session.ts';
import { NotFoundError } from '../guard.ts';
import { planView } from '../../../results/plan-display.ts';
import { findWeakness, weaknessText, type Weakness } from './weakness.ts';

const manage = { permission: 'plans.manage' as const };
const read = { permission: 'results.read' as const };
const LIST_STATUSES = ['open', 'overdue', ...PLAN_STATUSES, 'all'] as const;
const ID = /^[1-9][0-9]{0,15}$/;
const text = z.string().catch('');
const NEW_FIELDS = ['weakness', 'measures', 'responsibleAgencyId', 'dueOn'] as const;
const EDIT_FIELDS = ['status', 'measures', 'responsibleAgencyId', 'dueOn', 'outcome'] as const;
type NewField = (typeof NEW_FIELDS)[number];
type EditField = (typeof EDIT_FIELDS)[number];
const ListQuery = z.object({
  status: z.enum(LIST_STATUSES).catch('open'),
  agency: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional()
    .catch(undefined),
});
const Done = z.object({ done: z.enum(['created', 'saved']).optional().catch(undefined) });

type Fail<F extends string> = (field: F, key: MessageKey, params?: Record<string, string | number>) => void;

type TextField = 'weakness' | 'measures' | 'outcome';

function checkText<F extends TextField>(fail: Fail<F>, field: F, value: string, max: number, required: boolean): string | null {
  const v = cleanText(value);
  if (v === '') {
    if (required) fail(field, `plans.form.${field as TextField}Required`);
    return null;
  }
  if (v.length > max) fail(field, 'plans.form.tooLong', { max });
  return v;
}

export default async function planRoutes(app: FastifyInstance): Promise<void> {
  const agencyOptions = async (request: FastifyRequest) => {
    const local = (vi: string, en: string | null) => inLocale(request.locale, vi, en);
    return treeOrder(await listSubtree(app.db, request.user!.agencyPath)).map(({ agency: a, level }) => ({
      value: a.id,
      label: `${'— '.repeat(level)}${local(a.name_vi, a.name_en)} (${a.code})`,
      code: a.code,
    }));
  };

  /** The responsible agency: inside the subtree, or a 404 for a crafted id; '' and junk are form errors. */
  async function responsibleOf(request: FastifyRequest, raw: string, fail: Fail<'responsibleAgencyId'>): Promise<Agency | null> {
    if (!ID.test(raw)) {
      fail('responsibleAgencyId', 'plans.form.responsibleRequired');
      return null;
    }
    const a = await app.db.selectFrom('agencies').selectAll().where('id', '=', Number(raw)).executeTakeFirst();
    if (!a || !inScope(request.user!, a.path)) throw new NotFoundError();
    return a;
  }

  function dueOf<F extends string>(fail: Fail<F>, field: F, raw: string): string | null {
    if (raw.trim() === '') {
      fail(field, 'plans.form.dueOnRequired');
      return null;
    }
    const d = parseTypedDay(raw);
    if (!d) fail(field, 'plans.form.dueOnInvalid');
    return d;
  }

  // ---- The list ----------------------------------------------------------------------------------

  app.get('/plans', { config: read }, async (request, reply) => {
    const { t, locale } = request;
    const user = request.user!;
    const q = ListQuery.parse(request.query ?? {});
    let path = user.agencyPath;
    if (q.agency) {
      const a = await findAgencyInScope(app.db, q.agency, user.agencyPath);
      if (!a) throw new NotFoundError();
      path = a.path;
    }
    const today = localDay(new Date());
    const rows = await listPlansInScope(app.db, path, q.status as PlanListStatus, today);
    const plans = rows.map((p) => planView(p, t, locale, today));
    return reply.page(
      'admin/plans/list.eta',
      {
        plans,
        status: q.status,
        agency: q.agency ?? '',
        statuses: LIST_STATUSES.map((s) => ({ value: s, label: t(`plans.list.status.${s}`) })),
        overdue: plans.filter((p) => p.overdue).length,
        total: formatNumber(plans.length, locale),
        canManage: can(user.role, 'plans.manage'),
      },
      { title: t('plans.title') },
    );
  });

  // ---- A new plan --------------------------------------------------------------------------------

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    w: Weakness,
    opts: { status?: number; values?: Record<NewField, string>; errors?: { field: NewField; message: string }[] } = {},
  ) {
    const { t, locale } = request;
    const errors = opts.errors ?? [];
    const due = new Date();
    due.setUTCMonth(due.getUTCMonth() + 3);
    return reply.page(
      'admin/plans/new.eta',
      {
        weakness: {
          agency: inLocale(locale, w.resolved.agency.name_vi, w.resolved.agency.name_en),
          agencyCode: w.resolved.agency.code,
          text: weaknessText(w, t, locale),
          notMet: w.index.verdict.status === 'not-met',
        },
        hidden: w.hidden,
        values: opts.values ?? {
          weakness: weaknessText(w, t, locale),
          measures: '',
          responsibleAgencyId: String(w.resolved.agency.id),
          dueOn: formatDate(localDay(due), 'vi'),
        },
        agencies: await agencyOptions(request),
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      },
      { status: opts.status, title: t('plans.new.title') },
    );
  }

  /** Without a weakness named, a short chooser: the agency, the index and the year. */
  async function renderChooser(request: FastifyRequest, reply: FastifyReply, status?: number) {
    const { t, locale } = request;
    const sipas = await findQuestionnaireVersion(app.db, DEFAULT_QUESTIONNAIRE);
    const local = (x: { vi: string; en?: string | null | undefined }) => inLocale(locale, x.vi, x.en);
    const indexOptions = [
      { value: 'overall', label: t('results.index.overall') },
      ...(sipas && 'elements' in sipas.definition
        ? sipas.definition.elements.flatMap((e) => [
            { value: e.code, label: `${e.code} — ${local(e.title)}` },
            ...e.criteria.map((c) => ({ value: c.code, label: `— ${c.code} ${local(c)}` })),
          ])
        : []),
    ];
    return reply.page(
      'admin/plans/choose.eta',
      {
        agencies: (await agencyOptions(request)).map((a) => ({ value: a.code, label: a.label })),
        indexOptions,
        year: localDay(new Date()).slice(0, 4),
        problem: status === 422 ? t('plans.choose.problem') : null,
      },
      { status, title: t('plans.new.title') },
    );
  }

  app.get('/plans/new', { config: manage }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    if (!query['agency'] && !query['index']) return renderChooser(request, reply);
    const found = await findWeakness(request, query);
    if (!found.ok) return renderChooser(request, reply, 422);
    return renderNew(request, reply, found.weakness);
  });

  app.post('/plans', { config: manage }, async (request, reply) => {
    const user = request.user!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const found = await findWeakness(request, body);
    if (!found.ok) return renderChooser(request, reply, 422);
    const w = found.weakness;
    const values = Object.fromEntries(NEW_FIELDS.map((f) => [f, text.parse(body[f])])) as Record<NewField, string>;
    const byField = new Map<NewField, string>();
    const fail: Fail<NewField> = (field, key, params) => void (byField.has(field) || byField.set(field, request.t(key, params)));
    const weakness = checkText(fail, 'weakness', values.weakness, WEAKNESS_MAX, true);
    const measures = checkText(fail, 'measures', values.measures, MEASURES_MAX, true);
    const responsible = await responsibleOf(request, values.responsibleAgencyId, fail);
    const dueOn = dueOf(fail, 'dueOn', values.dueOn);
    if (byField.size > 0 || !weakness || !measures || !responsible || !dueOn) {
      const errors = NEW_FIELDS.filter((f) => byField.has(f)).map((f) => ({ field: f, message: byField.get(f)! }));
      return renderNew(request, reply, w, { status: 422, values, errors });
    }
    const { agency, period } = w.resolved;
    const i = w.index;
    const input = {
      agencyId: agency.id,
      provinceId: agency.province_id ?? agency.id,
      questionnaireId: w.results.questionnaire.questionnaireId,
      questionnaireVersion: w.results.questionnaire.version,
      indexCode: i.code,
      periodFrom: period.from,
      periodTo: period.to,
      share: i.share,
      n: i.n,
      intervalLow: i.interval?.[0] ?? null,
      intervalHigh: i.interval?.[1] ?? null,
      targetComparator: i.target?.comparator ?? null,
      targetThreshold: i.target?.threshold ?? null,
      weakness,
      measures,
      responsibleAgencyId: responsible.id,
      dueOn,
      createdBy: user.id,
    };
    const plan = await app.db.transaction().execute(async (tx) => {
      const row = await insertPlan(tx, input);
      await audit(tx, {
        action: 'plan.create',
        actorUserId: user.id,
        agencyId: agency.id,
        ip: request.ip || null,
        details: { planId: row.id, ...input },
      });
      return row;
    });
    return reply.redirect(`/admin/plans/${plan.id}?done=created`, 303);
  });

  // ---- One plan ----------------------------------------------------------------------------------

  async function load(request: FastifyRequest): Promise<PlanRow> {
    const id = (request.params as { id?: string }).id ?? '';
    if (!ID.test(id)) throw new NotFoundError();
    const plan = await findPlanInScope(app.db, Number(id), request.user!.agencyPath);
    if (!plan) throw new NotFoundError();
    return plan;
  }

  const editValues = (p: PlanRow): Record<EditField, string> => ({
    status: p.status,
    measures: p.measures,
    responsibleAgencyId: String(p.responsible_agency_id),
    dueOn: formatDate(p.due_on, 'vi'),
    outcome: p.outcome ?? '',
  });

  async function renderPlan(
    request: FastifyRequest,
    reply: FastifyReply,
    p: PlanRow,
    opts: {
      status?: number;
      values?: Record<EditField, string>;
      errors?: { field: EditField; message: string }[];
      notice?: string | null;
    } = {},
  ) {
    const { t, locale } = request;
    const errors = opts.errors ?? [];
    const manages = can(request.user!.role, 'plans.manage');
    return reply.page(
      'admin/plans/plan.eta',
      {
        plan: planView(p, t, locale, localDay(new Date())),
        created: { by: p.createdByEmail ?? '', at: p.created_at },
        updated: p.updated_at ? { by: p.updatedByEmail ?? '', at: p.updated_at } : null,
        manages,
        values: opts.values ?? editValues(p),
        statuses: PLAN_STATUSES.map((s) => ({ id: s, value: s, label: t(`plans.status.${s}`) })),
        agencies: manages ? await agencyOptions(request) : [],
        errors: errors.map((e) => ({ field: e.field, message: e.message })),
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        notice: opts.notice ?? null,
        action: `/admin/plans/${p.id}`,
      },
      { status: opts.status, title: t('plans.one.title', { index: p.index_code }) },
    );
  }

  app.get('/plans/:id', { config: read }, async (request, reply) => {
    const plan = await load(request);
    const done = Done.parse(request.query ?? {}).done;
    const notice = done ? request.t(done === 'created' ? 'plans.one.createdNotice' : 'plans.one.saved') : null;
    return renderPlan(request, reply, plan, { notice });
  });

  app.post('/plans/:id', { config: manage }, async (request, reply) => {
    const user = request.user!;
    const plan = await load(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(EDIT_FIELDS.map((f) => [f, text.parse(body[f])])) as Record<EditField, string>;
    const byField = new Map<EditField, string>();
    const fail: Fail<EditField> = (field, key, params) => void (byField.has(field) || byField.set(field, request.t(key, params)));
    if (!isPlanStatus(values.status)) fail('status', 'plans.form.statusRequired');
    const measures = checkText(fail, 'measures', values.measures, MEASURES_MAX, true);
    const responsible = await responsibleOf(request, values.responsibleAgencyId, fail);
    const dueOn = dueOf(fail, 'dueOn', values.dueOn);
    const outcome = checkText(fail, 'outcome', values.outcome, OUTCOME_MAX, values.status === 'done');
    if (byField.size > 0 || !measures || !responsible || !dueOn || !isPlanStatus(values.status)) {
      const errors = EDIT_FIELDS.filter((f) => byField.has(f)).map((f) => ({ field: f, message: byField.get(f)! }));
      return renderPlan(request, reply, plan, { status: 422, values, errors });
    }
    const before = {
      status: plan.status,
      measures: plan.measures,
      responsibleAgencyId: plan.responsible_agency_id,
      dueOn: plan.due_on,
      outcome: plan.outcome,
    };
    const after = { status: values.status as PlanStatus, measures, responsibleAgencyId: responsible.id, dueOn, outcome };
    const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== after[k]);
    if (changed.length > 0) {
      await app.db.transaction().execute(async (tx) => {
        await updatePlan(tx, plan.id, after, user.id, new Date());
        await audit(tx, {
          action: 'plan.update',
          actorUserId: user.id,
          agencyId: plan.agency_id,
          ip: request.ip || null,
          details: {
            planId: plan.id,
            changed,
            before: Object.fromEntries(changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(changed.map((k) => [k, after[k]])),
          },
        });
      });
    }
    return reply.redirect(`/admin/plans/${plan.id}?done=saved`, 303);
  });
}
