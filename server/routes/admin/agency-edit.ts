// Changing the agency tree from the browser (issue 13 pt 2): create an agency under one of the
// user's subtree, edit its names and kind, close it (last day, optional successor), move it under
// another parent, and import the agency CSV (line-numbered errors, nothing written on any error).
// Each page parses its form and calls the use-case that `hailong agencies` calls too
// (server/use-cases/agencies.ts, imports.ts); an agency outside the subtree answers 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAgencyByCode } from '../../db/queries/agencies.ts';
import type { Agency } from '../../db/schema.ts';
import { AGENCY_KINDS, type AgencyImportError } from '../../domain/agency-import.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { inLocale } from '../../i18n/index.ts';
import { formErrors, zodProblems } from '../../i18n/problems.ts';
import { actorReaches, staffActor } from '../../use-cases/actor.ts';
import {
  AGENCY_REFUSAL_MESSAGE,
  AgencyFields,
  closeAgency,
  createAgency,
  editAgency,
  moveAgencyUnder,
  type AgencyRefusal,
} from '../../use-cases/agencies.ts';
import { importAgencies } from '../../use-cases/imports.ts';
import {
  postedAgency,
  agencyOptions,
  asTyped,
  bodyStrings,
  CodeParams,
  formPage,
  ID,
  subtreeOf,
  typedDay,
  type FormError,
  type FormField,
} from './agency-form.ts';
import { NotFoundError } from './guard.ts';

const CREATE = ['parentId', 'code', 'nameVi', 'nameEn', 'kind', 'validFrom'] as const;
const EDIT = ['nameVi', 'nameEn', 'kind'] as const;
const Details = z.object({ nameVi: AgencyFields.nameVi, nameEn: AgencyFields.nameEn, kind: AgencyFields.kind });
const Create = Details.extend({ code: AgencyFields.code });
const CSV_FIELD = 'file';
const ParentQuery = z.object({ parent: z.string().max(64).optional().catch(undefined) });

// The field each refusal of the use-case is shown at; its message is the use-case's own.
const REFUSAL_FIELD: Record<AgencyRefusal, string> = {
  'not-found': 'parentId',
  'code-taken': 'code',
  'parent-not-found': 'parentId',
  'parent-inside': 'parentId',
  'successor-not-found': 'successorId',
  'successor-loop': 'successorId',
  'date-order': 'validTo',
  closed: 'validTo',
};
const refusal = (request: FastifyRequest, reason: AgencyRefusal): FormError[] => [
  { field: REFUSAL_FIELD[reason], message: request.t(AGENCY_REFUSAL_MESSAGE[reason]) },
];

export default async function agencyEditRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'agencies.manage' as const };
  const tree = (code?: string) => `/admin/agencies${code ? `?q=${encodeURIComponent(code)}` : ''}`;
  const done = (what: string, code: string) => `/admin/agencies?done=${what}&code=${encodeURIComponent(code)}`;

  /** The agency of the URL, if it lies in the user's subtree. */
  async function agencyOr404(request: FastifyRequest): Promise<Agency> {
    const p = CodeParams.safeParse(request.params);
    const a = p.success ? await findAgencyByCode(app.db, p.data.code) : undefined;
    if (!a || !actorReaches(staffActor(request), a.path)) throw new NotFoundError();
    return a;
  }
  const kindOptions = (request: FastifyRequest) => AGENCY_KINDS.map((k) => ({ value: k, label: request.t(`agency.kind.${k}`) }));
  const name = (request: FastifyRequest, a: Agency) => `${inLocale(request.locale, a.name_vi, a.name_en)} (${a.code})`;

  // Create.
  async function renderNew(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FormError[] = []) {
    const t = request.t;
    return formPage(request, reply, {
      status: errors.length > 0 ? 422 : undefined,
      heading: t('agencyForm.new.title'),
      action: '/admin/agencies/new',
      submit: t('agencyForm.new.submit'),
      back: tree(),
      errors,
      fields: [
        {
          type: 'select',
          id: 'parentId',
          label: t('agencyForm.parent'),
          options: await agencyOptions(request, await subtreeOf(request), { openOnly: true }),
          value: values['parentId'],
          placeholder: t('agencyForm.chooseAgency'),
        },
        {
          type: 'input',
          id: 'code',
          label: t('agencyForm.code'),
          hint: t('agencyForm.codeHint'),
          value: values['code'],
          spellcheck: false,
        },
        { type: 'input', id: 'nameVi', label: t('agencyForm.nameVi'), value: values['nameVi'] },
        { type: 'input', id: 'nameEn', label: t('agencyForm.nameEn'), hint: t('agencyForm.optional'), value: values['nameEn'] },
        {
          type: 'select',
          id: 'kind',
          label: t('agencyForm.kind'),
          options: kindOptions(request),
          value: values['kind'],
          placeholder: t('agencyForm.chooseKind'),
        },
        {
          type: 'input',
          id: 'validFrom',
          label: t('agencyForm.validFrom'),
          hint: t('agencyForm.dateHintOptional'),
          value: values['validFrom'],
        },
      ],
    });
  }

  app.get('/agencies/new', { config }, async (request, reply) => {
    const q = ParentQuery.parse(request.query ?? {});
    const parent = q.parent ? (await subtreeOf(request)).find((a) => a.code === q.parent) : undefined;
    return renderNew(request, reply, { parentId: parent ? String(parent.id) : '' });
  });

  app.post('/agencies/new', { config }, async (request, reply) => {
    const values = bodyStrings(request.body, CREATE);
    const parent = await postedAgency(request, values.parentId);
    const parsed = Create.safeParse(values);
    const extra = new Map<string, MessageKey>();
    if (!parent) extra.set('parentId', 'agencyForm.error.parent');
    const validFrom = typedDay(values.validFrom);
    if (values.validFrom.trim() !== '' && !validFrom) extra.set('validFrom', 'agencyForm.error.date');
    const errors = formErrors(request.t, CREATE, parsed.success ? [] : zodProblems(parsed.error, values), extra);
    if (!parsed.success || errors.length > 0) return renderNew(request, reply, values, errors);
    const r = await createAgency(app.db, staffActor(request), { ...parsed.data, parentId: parent!.id, validFrom });
    if (!r.ok) return renderNew(request, reply, values, refusal(request, r.reason));
    return reply.redirect(done('created', r.agency.code), 303);
  });

  // Edit names and kind.
  /** The page of one action on an agency (edit, close, move): its name above, its tree behind. */
  function agencyPage(
    request: FastifyRequest,
    reply: FastifyReply,
    a: Agency,
    action: 'edit' | 'close' | 'move',
    fields: FormField[],
    errors: FormError[],
  ) {
    const t = request.t;
    return formPage(request, reply, {
      status: errors.length > 0 ? 422 : undefined,
      caption: name(request, a),
      heading: t(`agencyForm.${action}.title`),
      lead: t(`agencyForm.${action}.lead`),
      action: `/admin/agencies/${a.code}/${action}`,
      submit: t(action === 'edit' ? 'agencyForm.save' : `agencyForm.${action}.submit`),
      back: tree(a.code),
      errors,
      fields,
    });
  }

  function renderEdit(request: FastifyRequest, reply: FastifyReply, a: Agency, values: Record<string, string>, errors: FormError[] = []) {
    const t = request.t;
    return agencyPage(
      request,
      reply,
      a,
      'edit',
      [
        { type: 'input', id: 'nameVi', label: t('agencyForm.nameVi'), value: values['nameVi'] },
        { type: 'input', id: 'nameEn', label: t('agencyForm.nameEn'), hint: t('agencyForm.optional'), value: values['nameEn'] },
        { type: 'select', id: 'kind', label: t('agencyForm.kind'), options: kindOptions(request), value: values['kind'] },
      ],
      errors,
    );
  }

  app.get('/agencies/:code/edit', { config }, async (request, reply) => {
    const a = await agencyOr404(request);
    return renderEdit(request, reply, a, { nameVi: a.name_vi, nameEn: a.name_en ?? '', kind: a.kind });
  });

  app.post('/agencies/:code/edit', { config }, async (request, reply) => {
    const a = await agencyOr404(request);
    const values = bodyStrings(request.body, EDIT);
    const parsed = Details.safeParse(values);
    if (!parsed.success) return renderEdit(request, reply, a, values, formErrors(request.t, EDIT, zodProblems(parsed.error, values)));
    const r = await editAgency(app.db, staffActor(request), a.id, parsed.data);
    if (!r.ok) throw new NotFoundError();
    return reply.redirect(done('edited', a.code), 303);
  });

  // Close: the last day, and the unit that takes over.
  async function renderClose(
    request: FastifyRequest,
    reply: FastifyReply,
    a: Agency,
    values: Record<string, string>,
    errors: FormError[] = [],
  ) {
    const t = request.t;
    const successors = await agencyOptions(request, await subtreeOf(request), { openOnly: true, except: (x) => x.id === a.id });
    return agencyPage(
      request,
      reply,
      a,
      'close',
      [
        { type: 'input', id: 'validTo', label: t('agencyForm.validTo'), hint: t('agencyForm.dateHint'), value: values['validTo'] },
        {
          type: 'select',
          id: 'successorId',
          label: t('agencyForm.successor'),
          hint: t('agencyForm.successorHint'),
          options: successors,
          value: values['successorId'],
          placeholder: t('agencyForm.noSuccessor'),
        },
      ],
      errors,
    );
  }

  app.get('/agencies/:code/close', { config }, async (request, reply) => {
    const a = await agencyOr404(request);
    return renderClose(request, reply, a, { validTo: asTyped(a.valid_to), successorId: a.successor_id ? String(a.successor_id) : '' });
  });

  app.post('/agencies/:code/close', { config }, async (request, reply) => {
    const a = await agencyOr404(request);
    const values = bodyStrings(request.body, ['validTo', 'successorId'] as const);
    const successor = await postedAgency(request, values.successorId);
    const validTo = typedDay(values.validTo);
    if (!validTo) return renderClose(request, reply, a, values, [{ field: 'validTo', message: request.t('agencyForm.error.date') }]);
    const r = await closeAgency(app.db, staffActor(request), a.id, { validTo, successorId: successor?.id ?? null });
    if (!r.ok) return renderClose(request, reply, a, values, refusal(request, r.reason));
    return reply.redirect(done('closed', a.code), 303);
  });

  // Move under another parent.
  async function renderMove(
    request: FastifyRequest,
    reply: FastifyReply,
    a: Agency,
    values: Record<string, string>,
    errors: FormError[] = [],
  ) {
    const t = request.t;
    const parents = await agencyOptions(request, await subtreeOf(request), { openOnly: true, except: (x) => x.path.startsWith(a.path) });
    return agencyPage(
      request,
      reply,
      a,
      'move',
      [
        {
          type: 'select',
          id: 'parentId',
          label: t('agencyForm.newParent'),
          options: parents,
          value: values['parentId'],
          placeholder: t('agencyForm.chooseAgency'),
        },
      ],
      errors,
    );
  }

  app.get('/agencies/:code/move', { config }, async (request, reply) => {
    const a = await agencyOr404(request);
    return renderMove(request, reply, a, { parentId: a.parent_id ? String(a.parent_id) : '' });
  });

  app.post('/agencies/:code/move', { config }, async (request, reply) => {
    const a = await agencyOr404(request);
    const values = bodyStrings(request.body, ['parentId'] as const);
    const parent = await postedAgency(request, values.parentId);
    if (!parent) return renderMove(request, reply, a, values, [{ field: 'parentId', message: request.t('agencyForm.error.parent') }]);
    const r = await moveAgencyUnder(app.db, staffActor(request), a.id, parent.id);
    if (!r.ok) return renderMove(request, reply, a, values, [{ field: 'parentId', message: request.t(AGENCY_REFUSAL_MESSAGE[r.reason]) }]);
    return reply.redirect(done('moved', a.code), 303);
  });

  // The CSV import, as `hailong agencies import`.
  function renderImport(request: FastifyRequest, reply: FastifyReply, opts: { error?: string; rows?: AgencyImportError[] } = {}) {
    const t = request.t;
    const rows = (opts.rows ?? []).map((e) => ({
      where: e.column ? t('agencies.import.whereColumn', { line: e.line, column: e.column }) : t('agencies.import.where', { line: e.line }),
      message: t(`agencies.import.error.${e.code}` as MessageKey, e.params),
    }));
    const summary = opts.error ?? (rows.length > 0 ? t('agencies.import.failed', { count: rows.length }) : null);
    return formPage(request, reply, {
      status: summary ? 422 : undefined,
      heading: t('agencyForm.import.title'),
      lead: t('agencyForm.import.lead'),
      action: '/admin/agencies/import',
      submit: t('agencyForm.import.submit'),
      back: tree(),
      multipart: true,
      rows,
      errors: summary ? [{ field: CSV_FIELD, message: summary }] : [],
      fields: [{ type: 'file', id: CSV_FIELD, label: t('agencyForm.import.file'), hint: t('agencyForm.import.fileHint') }],
    });
  }

  app.get('/agencies/import', { config }, async (request, reply) => renderImport(request, reply));

  app.post('/agencies/import', { config }, async (request, reply) => {
    // The multipart parser puts the file's bytes on the body (attachFieldsToBody: 'keyValues').
    const file = (request.body as Record<string, unknown> | undefined)?.[CSV_FIELD];
    const bytes = Buffer.isBuffer(file) ? file : null;
    if (!bytes || bytes.length === 0) return renderImport(request, reply, { error: request.t('agencyForm.import.missing') });
    let csv: string;
    try {
      csv = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return renderImport(request, reply, { error: request.t('agencyForm.import.notUtf8') });
    }
    const result = await importAgencies(app.db, staffActor(request), csv);
    if (!result.ok) return renderImport(request, reply, { rows: result.errors });
    const qs = new URLSearchParams({
      done: 'imported',
      ...Object.fromEntries(Object.entries(result.counts).map(([k, v]) => [k, String(v)])),
    });
    return reply.redirect(`/admin/agencies?${qs}`, 303);
  });
}
