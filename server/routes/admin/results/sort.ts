// Server-side sorting of the overview's rows, named in the URL (sort=share&dir=desc) so that a
// sorted table is a bookmark and works without JavaScript. Rows without a value always go last.
import { z } from 'zod';
import type { OverviewRow } from '../../../results/service.ts';

export const SORT_KEYS = ['agency', 'responses', 'share', 'interval', 'target', 'verdict', 'change', 'rank'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** The direction a column sorts in when first chosen: names and ranks up, figures best first. */
export const FIRST_DIR: Record<SortKey, SortDir> = {
  agency: 'asc',
  responses: 'desc',
  share: 'desc',
  interval: 'desc',
  target: 'desc',
  verdict: 'asc',
  change: 'desc',
  rank: 'asc',
};

// A sort the page does not know is not worth a 422: the table falls back to its default order.
export const SortQuery = z.object({
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
  if (!q.sort) return { key: 'agency', dir: 'asc', explicit: false };
  return { key: q.sort, dir: q.dir ?? FIRST_DIR[q.sort], explicit: true };
}

function valueOf(
  row: OverviewRow,
  key: SortKey,
  name: (r: OverviewRow) => string,
  verdictOrder: (r: OverviewRow) => number,
): number | string | null {
  switch (key) {
    case 'agency':
      return name(row);
    case 'responses':
      return row.responses;
    case 'share':
      return row.overall.share;
    case 'interval':
      return row.overall.interval ? row.overall.interval[0] : null;
    case 'target':
      return row.overall.target ? row.overall.target.threshold : null;
    case 'verdict':
      return verdictOrder(row);
    case 'change':
      return row.change;
    case 'rank':
      return row.rank;
  }
}

export function sortRows(
  rows: readonly OverviewRow[],
  s: Sorting,
  opts: { name: (r: OverviewRow) => string; verdictOrder: (r: OverviewRow) => number; locale: string },
): OverviewRow[] {
  const collator = new Intl.Collator(opts.locale);
  const sign = s.dir === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, v: valueOf(row, s.key, opts.name, opts.verdictOrder) }));
  keyed.sort((a, b) => {
    if (a.v === null && b.v === null) return collator.compare(opts.name(a.row), opts.name(b.row));
    if (a.v === null) return 1;
    if (b.v === null) return -1;
    const c = typeof a.v === 'string' ? collator.compare(a.v, String(b.v)) : a.v - Number(b.v);
    return c !== 0 ? sign * c : collator.compare(opts.name(a.row), opts.name(b.row));
  });
  return keyed.map((k) => k.row);
}
