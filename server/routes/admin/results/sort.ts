// Server-side sorting of the overview's rows, named in the URL (sort=share&dir=desc) so that a
// sorted table is a bookmark and works without JavaScript. Rows without a value always go last.
// The default order is by verdict, those who miss first, then by distance to the target (decision 49).
import { z } from 'zod';
import type { Verdict } from '../../../domain/indices.ts';
import type { OverviewRow } from '../../../results/service.ts';

export const SORT_KEYS = ['agency', 'responses', 'n', 'share', 'interval', 'target', 'verdict', 'change', 'rank'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** The direction a column sorts in when first chosen: names and ranks up, figures best first. */
export const FIRST_DIR: Record<SortKey, SortDir> = {
  agency: 'asc',
  responses: 'desc',
  n: 'desc',
  share: 'desc',
  interval: 'desc',
  target: 'desc',
  // Ascending is the default: clearly not met first, then not met, met but not yet certain, met clearly.
  verdict: 'asc',
  change: 'desc',
  rank: 'asc',
};

// A sort the page does not know is not worth a 422: the table falls back to its default order.
const SortQuery = z.object({
  sort: z.enum(SORT_KEYS).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
});

export interface Sorting {
  key: SortKey;
  dir: SortDir;
  /** Whether the URL named it (the default order is not written into links). */
  explicit: boolean;
}

export function sortingOf(query: unknown): Sorting {
  const q = SortQuery.parse(query ?? {});
  if (!q.sort) return { key: 'verdict', dir: 'asc', explicit: false };
  return { key: q.sort, dir: q.dir ?? FIRST_DIR[q.sort], explicit: true };
}

// Worst first; a verdict that says nothing about the target (too few answers, no target) has no
// place on this scale and goes last, like a missing value.
const ATTENTION: Record<'not-met' | 'met', [clear: number, uncertain: number]> = { 'not-met': [0, 1], met: [3, 2] };

/**
 * The verdict as one sortable number: its place on the scale above, then the distance of the share
 * from the target (share − threshold, most below first); null for rows without a verdict on a target.
 */
function attentionOf(v: Verdict, share: number | null, threshold: number | null): number | null {
  if (v.status !== 'met' && v.status !== 'not-met') return null;
  const place = ATTENTION[v.status][v.clear ? 0 : 1];
  // |share − threshold| ≤ 1, so ten apart keeps the places from overlapping.
  return place * 10 + (share !== null && threshold !== null ? share - threshold : 0);
}

function valueOf(row: OverviewRow, key: SortKey, name: (r: OverviewRow) => string): number | string | null {
  switch (key) {
    case 'agency':
      return name(row);
    case 'responses':
      return row.responses;
    case 'n':
      return row.overall.n;
    case 'share':
      return row.overall.share;
    case 'interval':
      return row.overall.interval ? row.overall.interval[0] : null;
    case 'target':
      return row.overall.target ? row.overall.target.threshold : null;
    case 'verdict':
      return attentionOf(row.overall.verdict, row.overall.share, row.overall.target?.threshold ?? null);
    case 'change':
      return row.change;
    case 'rank':
      return row.rank;
  }
}

const restOrder = (r: OverviewRow) => (r.overall.verdict.status === 'insufficient' ? 0 : 1);

export function sortRows(
  rows: readonly OverviewRow[],
  s: Sorting,
  opts: { name: (r: OverviewRow) => string; locale: string },
): OverviewRow[] {
  const collator = new Intl.Collator(opts.locale);
  const sign = s.dir === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, v: valueOf(row, s.key, opts.name) }));
  keyed.sort((a, b) => {
    if (a.v === null && b.v === null) {
      // Among rows without a verdict on a target: too few answers before no target at all.
      const rest = s.key === 'verdict' ? restOrder(a.row) - restOrder(b.row) : 0;
      return rest !== 0 ? rest : collator.compare(opts.name(a.row), opts.name(b.row));
    }
    if (a.v === null) return 1;
    if (b.v === null) return -1;
    const c = typeof a.v === 'string' ? collator.compare(a.v, String(b.v)) : a.v - Number(b.v);
    return c !== 0 ? sign * c : collator.compare(opts.name(a.row), opts.name(b.row));
  });
  return keyed.map((k) => k.row);
}
