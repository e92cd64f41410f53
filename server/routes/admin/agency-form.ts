// What the agency, reorganisation and service-point forms share (issue 13): the one form template
// (views/admin/agencies/form.eta) fed with a list of fields, the agency options of the user's
// subtree, and reading a form body as strings whatever was sent (a malformed body is a form error,
// not a 500).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listSubtree } from '../../db/queries/agencies.ts';
import type { Agency } from '../../db/schema.ts';
import { inLocale } from '../../i18n/index.ts';
import { parseTypedDay } from '../../domain/period.ts';
import { NotFoundError } from './guard.ts';
import { localDay } from '../../i18n/format.ts';

export interface FormField {
  type: 'input' | 'select' | 'radios' | 'checkboxes' | 'file';
  id: string;
  label: string;
  hint?: string;
  value?: string;
  values?: string[];
  options?: { value: string | number; label: string; hint?: string }[];
  placeholder?: string;
  spellcheck?: boolean;
}

export interface FormError {
  field: string;
  message: string;
}

export interface FormPage {
  heading: string;
  caption?: string;
  lead?: string;
  action: string;
  submit: string;
  back: string;
  fields: FormField[];
  hidden?: { name: string; value: string }[];
  errors?: FormError[];
  rows?: { where: string; message: string }[];
  multipart?: boolean;
  status?: number;
}

export function formPage(request: FastifyRequest, reply: FastifyReply, p: FormPage) {
  const errors = p.errors ?? [];
  return reply.page(
    'admin/agencies/form.eta',
    { ...p, errors, fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])) },
    { status: p.status, title: p.heading },
  );
}

/** Each named field as a trimmed-later string ('' when absent or not a string); repeated fields as lists. */
export function bodyStrings<K extends string>(body: unknown, keys: readonly K[]): Record<K, string> {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, typeof b[k] === 'string' ? (b[k] as string) : ''])) as Record<K, string>;
}

export function bodyList(body: unknown, key: string): string[] {
  const v = ((body ?? {}) as Record<string, unknown>)[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string').slice(0, 200);
}

export const ID = /^[1-9][0-9]{0,15}$/;
export const CodeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) });

/** The agencies of the user's subtree as select options, indented by depth. */
export async function agencyOptions(
  request: FastifyRequest,
  agencies: Agency[],
  opts: { openOnly?: boolean; except?: (a: Agency) => boolean } = {},
): Promise<{ value: number; label: string }[]> {
  const rootDepth = agencies[0]?.depth ?? 0;
  const today = localDay(new Date());
  return agencies
    .filter((a) => !(opts.openOnly && a.valid_to !== null && a.valid_to < today) && !opts.except?.(a))
    .map((a) => ({
      value: a.id,
      label: `${'— '.repeat(a.depth - rootDepth)}${inLocale(request.locale, a.name_vi, a.name_en)} (${a.code})`,
    }));
}

/** An agency id posted in a form; null when not an id, 404 when outside the subtree (only a crafted request names one). */
export async function postedAgency(request: FastifyRequest, value: string): Promise<Agency | null> {
  if (!ID.test(value)) return null;
  const a = (await subtreeOf(request)).find((x) => x.id === Number(value));
  if (!a) throw new NotFoundError();
  return a;
}

export async function subtreeOf(request: FastifyRequest): Promise<Agency[]> {
  return listSubtree(request.server.db, request.user!.agencyPath);
}

/** A day typed as 01/07/2025 or 2025-07-01; null when empty or not a day. */
export const typedDay = (s: string) => (s.trim() === '' ? null : parseTypedDay(s.slice(0, 40)));

/** An ISO day as a staff member types it back (dd/mm/yyyy). */
export const asTyped = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

const Done = z.object({
  done: z.enum(['created', 'edited', 'closed', 'moved', 'reorganised', 'imported', 'reopened']).optional().catch(undefined),
  code: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional()
    .catch(undefined),
  ...Object.fromEntries(
    ['rows', 'created', 'updated', 'moved', 'unchanged'].map((k) => [
      k,
      z
        .string()
        .regex(/^\d{1,9}$/)
        .catch('0')
        .default('0'),
    ]),
  ),
});

/** The notice after a POST → 303 on the agencies or service-points list, from its query; null when none. */
export function doneNotice(request: FastifyRequest, area: 'agenciesPage' | 'servicePoints'): string | null {
  const q = Done.parse(request.query ?? {}) as { done?: string; code?: string } & Record<string, string>;
  if (!q.done) return null;
  if (area === 'agenciesPage') {
    if (q.done === 'imported') return request.t('agenciesPage.done.imported', q);
    if (q.done === 'reopened' || !q.code) return null;
    return request.t(`agenciesPage.done.${q.done as 'created' | 'edited' | 'closed' | 'moved' | 'reorganised'}`, { code: q.code });
  }
  if (!q.code || !['created', 'edited', 'closed', 'reopened'].includes(q.done)) return null;
  return request.t(`servicePoints.done.${q.done as 'created' | 'edited' | 'closed' | 'reopened'}`, { code: q.code });
}
