// Addresses of the results pages that keep the current filters: drilling down, the agency page,
// sorting and comparing all carry the same selection in their query string.
import { queryString, type ResultsQuery } from '../../../results/params.ts';

export type Query = Partial<Record<keyof ResultsQuery, string | number | undefined>>;

export function withParams(path: string, query: Query, changes: Query = {}, extra: Record<string, string | undefined> = {}): string {
  const base = queryString(
    query as ResultsQuery,
    Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v === undefined ? undefined : String(v)])),
  );
  const params = new URLSearchParams(base.slice(1));
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export const overviewHref = (query: Query, agencyCode: string, extra: Record<string, string | undefined> = {}) =>
  withParams('/admin/results', query, { agency: agencyCode }, extra);

export const agencyPageHref = (query: Query, agencyCode: string) =>
  withParams(`/admin/results/agency/${encodeURIComponent(agencyCode)}`, query, { agency: undefined });

export const compareHref = (query: Query, agencyCode: string) => withParams('/admin/results/compare', query, { agency: agencyCode });
