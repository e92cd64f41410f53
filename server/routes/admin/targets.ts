// Targets (chỉ tiêu): the list of the subtree's targets for anyone who reads results; adding and
// deleting for those who manage targets. A target or agency outside the subtree answers 404, exactly
// like one that does not exist. Which target applies where is server/domain/targets.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAgencyById, listSubtree } from '../../db/queries/agencies.ts';
import { audit } from '../../db/queries/audit.ts';
import {
  deleteTarget,
  findTargetInScope,
  findTargetsByKey,
  insertTargets,
  listIndexCodes,
  listTargetsInSubtree,
  type QuestionnaireIndexCodes,
  type TargetWithNames,
} from '../../db/queries/targets.ts';
import { treeOrder } from '../../domain/agency-tree.ts';
import { can } from '../../domain/roles.ts';
import { MAX_YEAR, MIN_YEAR } from '../../domain/target-import.ts';
import { parseTypedDay } from '../../domain/period.ts';
import { OVERALL, parseThreshold, thresholdDigits, wholeYear, yearPeriod, type IndexCodeOption } from '../../domain/targets.ts';
import { formatDate, formatPercent, localDay } from '../../i18n/format.ts';
import { inLocale, type MessageKey } from '../../i18n/index.ts';
import { formProblemMessage, formMessage as m, zodProblems } from '../../i18n/problems.ts';
import { inScope } from '../../plugins/session.ts';
import { NotFoundError } from './guard.ts';

const FIELDS = [
  'agencyId',
  'questionnaireId',
  'periodKind',
  'year',
  'periodFrom',
  'periodTo',
  'indexCode',
  'comparator',
  'threshold',
] as const;
type Field = (typeof FIELDS)[number];
interface FormError {
  field?: Field;
  message: string;
}

const ID = /^[1-9][0-9]{0,15}$/;
const IdParams = z.object({ id: z.string().regex(ID).transform(Number) });
// Each field is read as a string whatever was sent, so a malformed body is a form error, not a 500.
const text = z.string().catch('');
const TargetBody = z.object(Object.fromEntries(FIELDS.map((f) => [f, text])) as Record<Field, typeof text>);
type TargetValues = z.infer<typeof TargetBody>;

// Staff in Viet Nam write days as 30/06/2026; the ISO form is accepted too.
const Day = z.string().transform((s, ctx) => {
  const day = parseTypedDay(s);
  if (day) return day;
  ctx.addIssue({ code: 'custom', message: m('targets.dateInvalid') });
  return z.NEVER;
});

const TargetForm = z.object({
  agencyId: z.string().regex(ID, m('targets.agencyInvalid')).transform(Number),
  questionnaireId: z
    .string()
    .refine((s) => s === '' || ID.test(s), m('targets.questionnaireInvalid'))
    .transform((s) => (s === '' ? null : Number(s))),
  periodKind: z.enum(['year', 'custom'], m('targets.periodKindInvalid')),
  indexCode: z.string().min(1, m('targets.indexInvalid')).max(64, m('targets.indexInvalid')),
  comparator: z.enum(['>', '>='], m('targets.comparatorInvalid')),
  threshold: z.string().transform((s, ctx) => {
    const r = parseThreshold(s);
    if (r.ok) return r.share;
    ctx.addIssue({ code: 'custom', message: m(`targets.threshold.${r.reason}`) });
    return z.NEVER;
  }),
});
const Year = z
  .string()
  .trim()
  .regex(/^\d{4}$/, m('targets.yearInvalid'))
  .transform(Number)
  .pipe(z.number().min(MIN_YEAR, m('targets.yearInvalid')).max(MAX_YEAR, m('targets.yearInvalid')));

const NOTICES = ['added', 'deleted', 'edited', 'imported'] as const;
const count = z.coerce.number().int().min(0).max(1_000_000).catch(0);
const ListQuery = z.object({
  done: z.enum(NOTICES).optional().catch(undefined),
  id: z.string().regex(ID).transform(Number).optional().catch(undefined),
  rows: count,
  created: count,
  updated: count,
  unchanged: count,
});

function targetId(request: FastifyRequest): number {
  const r = IdParams.safeParse(request.params);
  if (!r.success) throw new NotFoundError();
  return r.data.id;
}

type Local = (vi: string, en: string | null) => string;

/** A target as the pages show it: names in the reader's language, the threshold as a percentage. */
function describe(request: FastifyRequest, t: TargetWithNames, names?: Map<string, string>) {
  const locale = request.locale;
  const local: Local = (vi, en) => inLocale(locale, vi, en);
  const value = formatPercent(t.threshold, locale, thresholdDigits(t.threshold));
  const year = wholeYear(t.period_from, t.period_to);
  return {
    id: t.id,
    agency: local(t.agencyNameVi, t.agencyNameEn),
    agencyCode: t.agencyCode,
    questionnaire:
      t.questionnaireCode === null ? request.t('targets.allQuestionnaires') : local(t.questionnaireTitleVi!, t.questionnaireTitleEn),
    questionnaireCode: t.questionnaireCode,
    period:
      year === null
        ? `${formatDate(t.period_from, locale)} – ${formatDate(t.period_to, locale)}`
        : request.t('targets.yearValue', { year }),
    index: t.index_code,
    // Readers know an index by its name (issue 13); the code stays beside it for the CSV.
    indexName:
      t.index_code === OVERALL ? request.t('targets.overall') : (names?.get(`${t.questionnaireCode ?? ''}|${t.index_code}`) ?? null),
    symbol: `${t.comparator === '>' ? '>' : '≥'} ${value}`,
    words: request.t(t.comparator === '>' ? 'targets.words.gt' : 'targets.words.gte', { value }),
  };
}

/** The index codes offered: every code any questionnaire computes, named after the first that has it. */
function indexOptions(request: FastifyRequest, questionnaires: QuestionnaireIndexCodes[]) {
  const local: Local = (vi, en) => inLocale(request.locale, vi, en);
  const seen = new Map<string, IndexCodeOption>();
  for (const q of questionnaires) for (const c of q.indexCodes) if (!seen.has(c.code)) seen.set(c.code, c);
  return [...seen.values()].map((c) => ({
    value: c.code,
    label:
      c.kind === 'overall'
        ? request.t('targets.option.overall')
        : request.t(c.kind === 'element' ? 'targets.option.element' : 'targets.option.criterion', {
            code: c.code,
            title: local(c.vi ?? '', c.en),
          }),
  }));
}

export default async function targetRoutes(app: FastifyInstance): Promise<void> {
  const manage = { permission: 'targets.manage' as const };

  app.get('/targets', { config: { permission: 'results.read' } }, async (request, reply) => {
    const me = request.user!;
    const [agencies, targets, questionnaires] = await Promise.all([
      listSubtree(app.db, me.agencyPath),
      listTargetsInSubtree(app.db, me.agencyPath),
      listIndexCodes(app.db),
    ]);
    // Each index's name in its questionnaire, and for "any questionnaire" in the first that has it.
    const local: Local = (vi, en) => (request.locale === 'en' && en ? en : vi);
    const names = new Map<string, string>();
    for (const q of questionnaires)
      for (const c of q.indexCodes) {
        if (c.vi === null) continue;
        names.set(`${q.code}|${c.code}`, local(c.vi, c.en));
        if (!names.has(`|${c.code}`)) names.set(`|${c.code}`, local(c.vi, c.en));
      }
    // The organisation's order, then the newest period first within each agency.
    const order = new Map(treeOrder(agencies).map((x, i) => [x.agency.id, i]));
    const rows = targets
      .filter((x) => order.has(x.agency_id))
      .sort((a, b) => order.get(a.agency_id)! - order.get(b.agency_id)!)
      .map((x) => describe(request, x, names));
    const q = ListQuery.parse(request.query ?? {});
    const named = (q.done === 'added' || q.done === 'edited') && q.id ? rows.find((r) => r.id === q.id) : undefined;
    const notice =
      q.done === 'deleted'
        ? request.t('targets.deletedNotice')
        : q.done === 'imported'
          ? request.t('targetsPage.importedNotice', { rows: q.rows, created: q.created, updated: q.updated, unchanged: q.unchanged })
          : named
            ? request.t(q.done === 'edited' ? 'targetsPage.editedNotice' : 'targets.addedNotice', {
                index: named.index,
                agency: named.agency,
              })
            : null;
    return reply.page(
      'admin/targets/list.eta',
      { rows, notice, canManage: can(me.role, 'targets.manage') },
      { title: request.t('targets.title') },
    );
  });

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { status?: number; values?: TargetValues; errors?: FormError[] } = {},
  ) {
    const me = request.user!;
    const [agencies, questionnaires] = await Promise.all([listSubtree(app.db, me.agencyPath), listIndexCodes(app.db)]);
    const local: Local = (vi, en) => inLocale(request.locale, vi, en);
    const errors = opts.errors ?? [];
    const values: TargetValues = opts.values ?? {
      agencyId: '',
      questionnaireId: '',
      periodKind: 'year',
      year: localDay(new Date()).slice(0, 4),
      periodFrom: '',
      periodTo: '',
      indexCode: OVERALL,
      comparator: '>',
      threshold: '',
    };
    return reply.page(
      'admin/targets/new.eta',
      {
        values,
        errors,
        fieldErrors: Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field, e.message])),
        agencyOptions: treeOrder(agencies).map(({ agency: a, level }) => ({
          value: a.id,
          label: `${'— '.repeat(level)}${local(a.name_vi, a.name_en)} (${a.code})`,
        })),
        questionnaireOptions: questionnaires.map((q) => ({ value: q.id, label: `${local(q.titleVi, q.titleEn)} (${q.code})` })),
        indexOptions: indexOptions(request, questionnaires),
      },
      { status: opts.status, title: request.t('targets.newTitle') },
    );
  }

  app.get('/targets/new', { config: manage }, async (request, reply) => renderNew(request, reply));

  app.post('/targets', { config: manage }, async (request, reply) => {
    const me = request.user!;
    const body = TargetBody.safeParse(request.body ?? {});
    const values = body.success ? body.data : TargetBody.parse({});
    // An agency id that is well formed but outside the subtree can only come from a crafted
    // request: answer as if it did not exist, before anything else is looked at.
    const agency = ID.test(values.agencyId) ? await findAgencyById(app.db, Number(values.agencyId)) : undefined;
    if (ID.test(values.agencyId) && (!agency || !inScope(me, agency.path))) throw new NotFoundError();

    const byField = new Map<Field, string>();
    const fail = (field: Field, key: MessageKey) => byField.has(field) || byField.set(field, request.t(key));
    const parsed = TargetForm.safeParse(values);
    for (const p of parsed.success ? [] : zodProblems(parsed.error, values)) {
      const field = FIELDS.find((f) => f === p.field);
      if (field && !byField.has(field)) byField.set(field, formProblemMessage(request.t, p));
    }

    let period: { from: string; to: string } | null = null;
    if (values.periodKind === 'year') {
      const y = Year.safeParse(values.year);
      if (y.success) period = yearPeriod(y.data);
      else fail('year', 'targets.yearInvalid');
    } else if (values.periodKind === 'custom') {
      const from = Day.safeParse(values.periodFrom);
      const to = Day.safeParse(values.periodTo);
      if (!from.success) fail('periodFrom', 'targets.dateInvalid');
      if (!to.success) fail('periodTo', 'targets.dateInvalid');
      if (from.success && to.success) {
        if (to.data < from.data) fail('periodTo', 'targets.dateOrder');
        else period = { from: from.data, to: to.data };
      }
    }

    // Checked whatever else is wrong, so that one round trip shows every problem.
    if (values.questionnaireId === '' || ID.test(values.questionnaireId)) {
      const questionnaires = await listIndexCodes(app.db);
      const chosen = values.questionnaireId === '' ? questionnaires : questionnaires.filter((q) => q.id === Number(values.questionnaireId));
      if (chosen.length === 0) fail('questionnaireId', 'targets.questionnaireInvalid');
      else if (!chosen.some((q) => q.indexCodes.some((c) => c.code === values.indexCode))) fail('indexCode', 'targets.indexInvalid');
    }
    if (parsed.success && period && byField.size === 0) {
      const key = {
        agencyId: parsed.data.agencyId,
        questionnaireId: parsed.data.questionnaireId,
        periodFrom: period.from,
        periodTo: period.to,
        indexCode: parsed.data.indexCode,
      };
      if ((await findTargetsByKey(app.db, key)).length > 0) fail('indexCode', 'targets.duplicate');
    }
    if (!parsed.success || !period || !agency || byField.size > 0) {
      const errors = FIELDS.filter((f) => byField.has(f)).map((f) => ({ field: f, message: byField.get(f)! }));
      return renderNew(request, reply, { status: 422, values, errors });
    }

    const input = {
      agencyId: agency.id,
      questionnaireId: parsed.data.questionnaireId,
      periodFrom: period.from,
      periodTo: period.to,
      indexCode: parsed.data.indexCode,
      comparator: parsed.data.comparator,
      threshold: parsed.data.threshold,
      createdBy: me.id,
    };
    const created = await app.db.transaction().execute(async (tx) => {
      const [row] = await insertTargets(tx, [input]);
      await audit(tx, {
        action: 'target.create',
        actorUserId: me.id,
        agencyId: agency.id,
        ip: request.ip || null,
        details: { targetId: row!.id, ...input },
      });
      return row!;
    });
    return reply.redirect(`/admin/targets?done=added&id=${created.id}`, 303);
  });

  async function inScopeOr404(request: FastifyRequest): Promise<TargetWithNames> {
    const target = await findTargetInScope(app.db, targetId(request), request.user!.agencyPath);
    if (!target) throw new NotFoundError();
    return target;
  }

  app.get('/targets/:id/delete', { config: manage }, async (request, reply) => {
    const target = await inScopeOr404(request);
    return reply.page('admin/targets/delete.eta', { target: describe(request, target) }, { title: request.t('targets.deleteTitle') });
  });

  app.post('/targets/:id/delete', { config: manage }, async (request, reply) => {
    const me = request.user!;
    const target = await inScopeOr404(request);
    await app.db.transaction().execute(async (tx) => {
      const gone = await deleteTarget(tx, target.id);
      // Two people deleting the same target: the second changes nothing and records nothing.
      if (!gone) return;
      await audit(tx, {
        action: 'target.delete',
        actorUserId: me.id,
        agencyId: gone.agency_id,
        ip: request.ip || null,
        details: {
          targetId: gone.id,
          questionnaireId: gone.questionnaire_id,
          periodFrom: gone.period_from,
          periodTo: gone.period_to,
          indexCode: gone.index_code,
          comparator: gone.comparator,
          threshold: gone.threshold,
        },
      });
    });
    return reply.redirect('/admin/targets?done=deleted', 303);
  });
}
