// The staff side of a results query: parse the GET form, resolve it within the signed-in user's
// subtree (outside it is a 404, like a code that does not exist), and hand back either the
// selection or the problems to show above the filter form (422, the form keeps what was typed).
import type { FastifyRequest } from 'fastify';
import { resolveQuery, ResultsQuery, type ParamProblem, type Resolved } from '../../../results/params.ts';
import { NotFoundError } from '../guard.ts';

export type StaffSelection =
  | { ok: true; query: ResultsQuery; resolved: Extract<Resolved, { ok: true }> }
  | { ok: false; query: Partial<Record<keyof ResultsQuery, string>>; problems: ParamProblem[] };

export async function staffSelection(request: FastifyRequest, overrides: Partial<ResultsQuery> = {}): Promise<StaffSelection> {
  const raw = { ...(request.query as Record<string, unknown>), ...overrides };
  const parsed = ResultsQuery.safeParse(raw);
  const asTyped = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Partial<
    Record<keyof ResultsQuery, string>
  >;
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({
      field: i.path.map(String).join('.'),
      code: i.message.startsWith('hl:') ? i.message.slice(3) : 'invalid',
    }));
    return { ok: false, query: asTyped, problems };
  }
  const user = request.user!;
  const resolved = await resolveQuery(request.server.db, { agencyId: user.agencyId, path: user.agencyPath }, parsed.data);
  if (!resolved.ok) {
    if (resolved.status === 404) throw new NotFoundError();
    return { ok: false, query: asTyped, problems: resolved.problems };
  }
  return { ok: true, query: parsed.data, resolved };
}
