// The reorganisation wizard (issue 13 pt 2): merge, split, rename or attach agencies, one question
// per page, then a preview of everything that changes before it is confirmed. The answers so far
// travel in the URL of each step and in hidden fields (no state in memory: any app instance answers
// any step); each step is POST → 303 → GET, a wrong answer 422 with the answer kept. The preview and
// the confirmation call the one use-case (server/use-cases/reorganisation.ts), which plans again and
// writes in one transaction, audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Agency } from '../../db/schema.ts';
import { AGENCY_KINDS } from '../../domain/agency-import.ts';
import { inLocale, type MessageKey } from '../../i18n/index.ts';
import { formErrors, zodProblems } from '../../i18n/problems.ts';
import { staffActor } from '../../use-cases/actor.ts';
import { AgencyFields } from '../../use-cases/agencies.ts';
import {
  applyReorganisation,
  planReorganisation,
  REORGANISATION_KINDS,
  REORGANISATION_REFUSAL_MESSAGE,
  type NewUnit,
  type Reorganisation,
  type ReorganisationKind,
} from '../../use-cases/reorganisation.ts';
import { agencyOptions, bodyList, bodyStrings, formPage, subtreeOf, typedDay, type FormError, type FormField } from './agency-form.ts';

const REORGANISE_PATH = '/agencies/reorganise';
const URL_PATH = `/admin${REORGANISE_PATH}`;
const PARTS = 3;

// Every answer of the wizard; `sources` is a list (the units of a merge), the rest single strings.
const SINGLE = [
  'kind',
  'agency',
  'into',
  'parent',
  'code',
  'nameVi',
  'nameEn',
  'unitKind',
  'effectiveOn',
  'part1Code',
  'part1NameVi',
  'part1NameEn',
  'part2Code',
  'part2NameVi',
  'part2NameEn',
  'part3Code',
  'part3NameVi',
  'part3NameEn',
] as const;
type Single = (typeof SINGLE)[number];
type State = Record<Single, string> & { sources: string[] };

const STEPS = ['kind', 'units', 'into', 'newUnit', 'parts', 'names', 'parent', 'date', 'preview'] as const;
type Step = (typeof STEPS)[number];
/** The fields each step asks for. */
const ASKS: Record<Step, readonly (Single | 'sources')[]> = {
  kind: ['kind'],
  units: ['sources', 'agency'],
  into: ['into'],
  newUnit: ['parent', 'code', 'nameVi', 'nameEn', 'unitKind'],
  parts: ['parent', ...SINGLE.filter((s) => s.startsWith('part'))],
  names: ['nameVi', 'nameEn'],
  parent: ['parent'],
  date: ['effectiveOn'],
  preview: [],
};

function readState(source: unknown): State {
  return { ...bodyStrings(source, SINGLE), sources: bodyList(source, 'sources') };
}

/** The step after this one, given the answers. */
function next(step: Step, s: State): Step {
  switch (step) {
    case 'kind':
      return 'units';
    case 'units':
      return s.kind === 'merge' ? 'into' : s.kind === 'split' ? 'parts' : s.kind === 'rename' ? 'names' : 'parent';
    case 'into':
      return s.into === 'new' ? 'newUnit' : 'date';
    default:
      return step === 'date' ? 'preview' : 'date';
  }
}

/** The step before this one, for the back link (GOV.UK: back goes one question back, answers kept). */
function previous(step: Step, s: State): Step | null {
  switch (step) {
    case 'kind':
      return null;
    case 'units':
      return 'kind';
    case 'into':
    case 'parts':
    case 'names':
    case 'parent':
      return 'units';
    case 'newUnit':
      return 'into';
    case 'date':
      return s.kind === 'merge' ? (s.into === 'new' ? 'newUnit' : 'into') : next('units', s);
    default:
      return 'date';
  }
}

function stepUrl(step: Step, s: State): string {
  const q = new URLSearchParams({ step });
  for (const k of SINGLE) if (s[k] !== '') q.set(k, s[k]);
  for (const c of s.sources) q.append('sources', c);
  return `${URL_PATH}?${q}`;
}

/** The hidden fields carrying every answer except those the page asks. */
function hidden(s: State, except: readonly string[]): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const k of SINGLE) if (!except.includes(k) && s[k] !== '') out.push({ name: k, value: s[k] });
  if (!except.includes('sources')) for (const c of s.sources) out.push({ name: 'sources', value: c });
  return out;
}

export default async function reorganiseRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'agencies.manage' as const };

  /** The wizard's answers as a reorganisation, with agency codes resolved in the user's subtree; null if incomplete. */
  function toReorganisation(s: State, byCode: Map<string, Agency>): Reorganisation | null {
    const effectiveOn = typedDay(s.effectiveOn);
    const id = (code: string) => byCode.get(code)?.id;
    if (!effectiveOn) return null;
    const kind = s.kind as ReorganisationKind;
    if (kind === 'merge') {
      const sourceIds = s.sources.map(id);
      if (sourceIds.some((x) => x === undefined) || sourceIds.length === 0) return null;
      if (s.into === 'new') {
        const unit = newUnit(s.code, s.nameVi, s.nameEn, s.unitKind);
        const parentId = id(s.parent);
        return unit && parentId ? { kind, sourceIds: sourceIds as number[], into: { unit, parentId }, effectiveOn } : null;
      }
      const into = id(s.into);
      return into ? { kind, sourceIds: sourceIds as number[], into: { id: into }, effectiveOn } : null;
    }
    const agencyId = id(s.agency);
    if (!agencyId) return null;
    if (kind === 'split') {
      const source = byCode.get(s.agency)!;
      const parts: NewUnit[] = [];
      for (let i = 1; i <= PARTS; i++) {
        const code = s[`part${i}Code` as Single];
        if (code.trim() === '') continue;
        const unit = newUnit(code, s[`part${i}NameVi` as Single], s[`part${i}NameEn` as Single], source.kind);
        if (!unit) return null;
        parts.push(unit);
      }
      const parentId = id(s.parent);
      return parentId ? { kind, sourceId: agencyId, parts, parentId, effectiveOn } : null;
    }
    if (kind === 'rename') {
      const nameVi = AgencyFields.nameVi.safeParse(s.nameVi);
      const nameEn = AgencyFields.nameEn.safeParse(s.nameEn);
      return nameVi.success && nameEn.success ? { kind, agencyId, names: { nameVi: nameVi.data, nameEn: nameEn.data }, effectiveOn } : null;
    }
    if (kind === 'attach') {
      const parentId = id(s.parent);
      return parentId ? { kind, agencyId, parentId, effectiveOn } : null;
    }
    return null;
  }

  function newUnit(code: string, nameVi: string, nameEn: string, kind: string): NewUnit | null {
    const c = AgencyFields.code.safeParse(code);
    const v = AgencyFields.nameVi.safeParse(nameVi);
    const e = AgencyFields.nameEn.safeParse(nameEn);
    const k = AgencyFields.kind.safeParse(kind);
    return c.success && v.success && e.success && k.success ? { code: c.data, nameVi: v.data, nameEn: e.data, kind: k.data } : null;
  }

  /** The questions of a step, with the answers given so far. */
  async function fieldsOf(request: FastifyRequest, step: Step, s: State, agencies: Agency[]): Promise<FormField[]> {
    const t = request.t;
    const open = await agencyOptions(request, agencies, { openOnly: true });
    const byCode = (opts: { value: number; label: string }[]) =>
      opts.map((o) => ({ value: agencies.find((a) => a.id === o.value)!.code, label: o.label }));
    const kinds = AGENCY_KINDS.map((k) => ({ value: k, label: t(`agency.kind.${k}`) }));
    switch (step) {
      case 'kind':
        return [
          {
            type: 'radios',
            id: 'kind',
            label: t('reorganise.kind.question'),
            value: s.kind,
            options: REORGANISATION_KINDS.map((k) => ({ value: k, label: t(`reorganise.kind.${k}`), hint: t(`reorganise.kind.${k}Hint`) })),
          },
        ];
      case 'units':
        return s.kind === 'merge'
          ? [
              {
                type: 'checkboxes',
                id: 'sources',
                label: t('reorganise.units.merge'),
                hint: t('reorganise.units.mergeHint'),
                values: s.sources,
                options: byCode(open),
              },
            ]
          : [
              {
                type: 'select',
                id: 'agency',
                label: t(`reorganise.units.${s.kind as 'split' | 'rename' | 'attach'}`),
                value: s.agency,
                options: byCode(open),
                placeholder: t('agencyForm.chooseAgency'),
              },
            ];
      case 'into':
        return [
          {
            type: 'radios',
            id: 'into',
            label: t('reorganise.into.question'),
            value: s.into,
            options: [
              { value: 'new', label: t('reorganise.into.new') },
              ...s.sources.map((c) => {
                const a = agencies.find((x) => x.code === c);
                return {
                  value: c,
                  label: t('reorganise.into.existing', { name: a ? `${inLocale(request.locale, a.name_vi, a.name_en)} (${c})` : c }),
                };
              }),
            ],
          },
        ];
      case 'newUnit':
        return [
          {
            type: 'select',
            id: 'parent',
            label: t('agencyForm.parent'),
            value: s.parent,
            options: byCode(open),
            placeholder: t('agencyForm.chooseAgency'),
          },
          { type: 'input', id: 'code', label: t('agencyForm.code'), hint: t('agencyForm.codeHint'), value: s.code, spellcheck: false },
          { type: 'input', id: 'nameVi', label: t('agencyForm.nameVi'), value: s.nameVi },
          { type: 'input', id: 'nameEn', label: t('agencyForm.nameEn'), hint: t('agencyForm.optional'), value: s.nameEn },
          {
            type: 'select',
            id: 'unitKind',
            label: t('agencyForm.kind'),
            value: s.unitKind,
            options: kinds,
            placeholder: t('agencyForm.chooseKind'),
          },
        ];
      case 'parts':
        return [
          {
            type: 'select',
            id: 'parent',
            label: t('reorganise.parts.parent'),
            value: s.parent,
            options: byCode(open),
            placeholder: t('agencyForm.chooseAgency'),
          },
          ...Array.from({ length: PARTS }, (_, i): FormField[] => [
            {
              type: 'input',
              id: `part${i + 1}Code`,
              label: t('reorganise.parts.code', { n: i + 1 }),
              hint: i === 0 ? t('reorganise.parts.heirHint') : i === 2 ? t('agencyForm.optional') : undefined,
              value: s[`part${i + 1}Code` as Single],
              spellcheck: false,
            },
            {
              type: 'input',
              id: `part${i + 1}NameVi`,
              label: t('reorganise.parts.nameVi', { n: i + 1 }),
              value: s[`part${i + 1}NameVi` as Single],
            },
            {
              type: 'input',
              id: `part${i + 1}NameEn`,
              label: t('reorganise.parts.nameEn', { n: i + 1 }),
              hint: t('agencyForm.optional'),
              value: s[`part${i + 1}NameEn` as Single],
            },
          ]).flat(),
        ];
      case 'names':
        return [
          { type: 'input', id: 'nameVi', label: t('reorganise.names.nameVi'), value: s.nameVi },
          { type: 'input', id: 'nameEn', label: t('agencyForm.nameEn'), hint: t('agencyForm.optional'), value: s.nameEn },
        ];
      case 'parent':
        return [
          {
            type: 'select',
            id: 'parent',
            label: t('agencyForm.newParent'),
            value: s.parent,
            options: byCode(open),
            placeholder: t('agencyForm.chooseAgency'),
          },
        ];
      default:
        return [
          { type: 'input', id: 'effectiveOn', label: t('reorganise.date.question'), hint: t('reorganise.date.hint'), value: s.effectiveOn },
        ];
    }
  }

  /** The answers of a step checked on their own (the whole is checked by the use-case at the preview). */
  function check(request: FastifyRequest, step: Step, s: State, byCode: Map<string, Agency>): FormError[] {
    const t = request.t;
    const errors: FormError[] = [];
    const known = (c: string) => byCode.has(c);
    const fail = (field: string, key: MessageKey) => errors.push({ field, message: t(key) });
    if (step === 'kind' && !(REORGANISATION_KINDS as readonly string[]).includes(s.kind)) fail('kind', 'reorganise.error.kind');
    if (step === 'units') {
      if (s.kind === 'merge' && (s.sources.length < 2 || !s.sources.every(known))) fail('sources', 'reorganise.error.sources');
      if (s.kind !== 'merge' && !known(s.agency)) fail('agency', 'reorganise.error.agency');
    }
    if (step === 'into' && s.into !== 'new' && !s.sources.includes(s.into)) fail('into', 'reorganise.error.into');
    if ((step === 'newUnit' || step === 'parts' || step === 'parent') && !known(s.parent)) fail('parent', 'agencyForm.error.parent');
    if (step === 'newUnit') {
      const values = { code: s.code, nameVi: s.nameVi, nameEn: s.nameEn, unitKind: s.unitKind };
      const r = AgencyFields.code.safeParse(s.code);
      if (!r.success) fail('code', 'agencyForm.error.code');
      const parsed = { nameVi: AgencyFields.nameVi.safeParse(s.nameVi), nameEn: AgencyFields.nameEn.safeParse(s.nameEn) };
      for (const [f, p] of Object.entries(parsed))
        if (!p.success)
          errors.push(
            ...formErrors(
              t,
              [f],
              zodProblems(p.error, values).map((x) => ({ ...x, field: f })),
            ),
          );
      if (!AgencyFields.kind.safeParse(s.unitKind).success) fail('unitKind', 'agencyForm.error.kind');
    }
    if (step === 'parts') {
      for (let i = 1; i <= PARTS; i++) {
        const code = s[`part${i}Code` as Single];
        if (i > 2 && code.trim() === '' && s[`part${i}NameVi` as Single].trim() === '') continue;
        if (!AgencyFields.code.safeParse(code).success) fail(`part${i}Code`, 'agencyForm.error.code');
        if (!AgencyFields.nameVi.safeParse(s[`part${i}NameVi` as Single]).success) fail(`part${i}NameVi`, 'agencyForm.error.nameVi');
        if (!AgencyFields.nameEn.safeParse(s[`part${i}NameEn` as Single]).success) fail(`part${i}NameEn`, 'agencyForm.error.nameTooLong');
      }
    }
    if (step === 'names') {
      if (!AgencyFields.nameVi.safeParse(s.nameVi).success) fail('nameVi', 'agencyForm.error.nameVi');
      if (!AgencyFields.nameEn.safeParse(s.nameEn).success) fail('nameEn', 'agencyForm.error.nameTooLong');
    }
    if (step === 'date' && !typedDay(s.effectiveOn)) fail('effectiveOn', 'agencyForm.error.date');
    return errors;
  }

  async function renderStep(request: FastifyRequest, reply: FastifyReply, step: Step, s: State, errors: FormError[] = []) {
    const agencies = await subtreeOf(request);
    const t = request.t;
    return formPage(request, reply, {
      status: errors.length > 0 ? 422 : undefined,
      caption: step === 'kind' ? undefined : t(`reorganise.kind.${s.kind as ReorganisationKind}`),
      heading: t(`reorganise.step.${step as Exclude<Step, 'preview'>}`),
      action: URL_PATH,
      submit: t('reorganise.continue'),
      back: step === 'kind' ? '/admin/agencies' : stepUrl(previous(step, s) ?? 'kind', s),
      errors,
      hidden: [{ name: 'step', value: step }, ...hidden(s, ASKS[step])],
      fields: await fieldsOf(request, step, s, agencies),
    });
  }

  async function renderPreview(request: FastifyRequest, reply: FastifyReply, s: State) {
    const agencies = await subtreeOf(request);
    const byCode = new Map(agencies.map((a) => [a.code, a]));
    const r = toReorganisation(s, byCode);
    const planned: Awaited<ReturnType<typeof planReorganisation>> = r
      ? await planReorganisation(app.db, staffActor(request), r)
      : { ok: false, reason: 'not-found' };
    const name = (a: Agency) => inLocale(request.locale, a.name_vi, a.name_en);
    const refusal = planned.ok ? null : request.t(REORGANISATION_REFUSAL_MESSAGE[planned.reason], { code: planned.code ?? '' });
    return reply.page(
      'admin/agencies/reorganise-preview.eta',
      {
        plan: planned.ok ? planned.plan : null,
        refusal,
        errors: refusal ? [{ message: refusal }] : [],
        kindLabel: request.t(
          `reorganise.kind.${(REORGANISATION_KINDS as readonly string[]).includes(s.kind) ? (s.kind as ReorganisationKind) : 'merge'}`,
        ),
        name,
        local: (vi: string, en: string | null) => inLocale(request.locale, vi, en),
        hidden: hidden(s, []),
        back: stepUrl('date', s),
        restart: stepUrl('kind', s),
      },
      { status: planned.ok ? undefined : 422, title: request.t('reorganise.step.preview') },
    );
  }

  app.get(REORGANISE_PATH, { config }, async (request, reply) => {
    const q = (request.query ?? {}) as Record<string, unknown>;
    const step = STEPS.find((x) => x === q['step']) ?? 'kind';
    const s = readState(q);
    // A later step without a kind (an edited or truncated URL) starts again at the first question.
    if (step !== 'kind' && !(REORGANISATION_KINDS as readonly string[]).includes(s.kind)) return renderStep(request, reply, 'kind', s);
    if (step === 'preview') return renderPreview(request, reply, s);
    return renderStep(request, reply, step, s);
  });

  app.post(REORGANISE_PATH, { config }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const s = readState(body);
    const byCode = new Map((await subtreeOf(request)).map((a) => [a.code, a]));
    if (body['step'] === 'confirm') {
      const r = toReorganisation(s, byCode);
      const applied = r ? await applyReorganisation(app.db, staffActor(request), r) : null;
      if (!applied || !applied.ok) return renderPreview(request, reply, s);
      const code = applied.plan.heir?.code ?? applied.plan.renamed?.agency.code ?? applied.plan.moved[0]?.agency.code ?? '';
      return reply.redirect(`/admin/agencies?done=reorganised&code=${encodeURIComponent(code)}`, 303);
    }
    const step = STEPS.find((x) => x === body['step'] && x !== 'preview') ?? 'kind';
    if (step !== 'kind' && !(REORGANISATION_KINDS as readonly string[]).includes(s.kind)) return reply.redirect(stepUrl('kind', s), 303);
    const errors = check(request, step, s, byCode);
    if (errors.length > 0) return renderStep(request, reply, step, s, errors);
    return reply.redirect(stepUrl(next(step, s), s), 303);
  });
}
