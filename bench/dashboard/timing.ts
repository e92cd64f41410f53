// Timing helpers of bench/dashboard: calls one after another, p50/p95/max, and the description of
// the machine and the data that goes with every figure.
import { cpus, totalmem } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { percentile } from '../submit/load.ts';

export interface Timing {
  name: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
  note?: string;
}

export type Timer = (name: string, fn: () => Promise<unknown>, budgetMs?: number) => Promise<Timing>;

/**
 * `requests` timed calls after `warmup` untimed ones. The diagnostic extras get a time budget
 * instead (at least 5 calls), so that a slow one does not hold the run for an hour.
 */
export function makeTimer(warmup: number, requests: number): Timer {
  return async (name, fn, budgetMs = Infinity) => {
    const started = performance.now();
    for (let i = 0; i < warmup && (i < 1 || performance.now() - started < budgetMs / 4); i++) await fn();
    const ms: number[] = [];
    const t1 = performance.now();
    for (let i = 0; i < requests && (i < 5 || performance.now() - t1 < budgetMs); i++) {
      const t0 = performance.now();
      await fn();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return { name, n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1]! };
  };
}

export const f1 = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

export function show(t: Timing, requests: number): string {
  const calls = t.n < requests ? `   (${t.n} calls)` : '';
  return `  ${t.name.padEnd(58)} p50 ${f1(t.p50).padStart(7)} ms   p95 ${f1(t.p95).padStart(7)} ms   max ${f1(t.max).padStart(7)} ms${calls}${t.note ? `   ${t.note}` : ''}`;
}

export async function machine(db: Kysely<Database>): Promise<string[]> {
  const version = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v;
  const settings = (
    await sql<{ name: string; setting: string }>`
      select name, current_setting(name) as setting from pg_settings
      where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'random_page_cost', 'jit')
      order by name`.execute(db)
  ).rows;
  const sizes = (
    await sql<{ t: string; rows: string; size: string }>`
      select c.relname as t, c.reltuples::bigint::text as rows, pg_size_pretty(pg_total_relation_size(c.oid)) as size
      from pg_class c
      where c.relname in ('responses', 'response_comments', 'rollup_days', 'rollup_months')
      order by pg_total_relation_size(c.oid) desc`.execute(db)
  ).rows;
  // The rollups against the raw responses they count (both with indexes and TOAST).
  const ratio = (
    await sql<{ rollups: string; responses: string }>`
      select (pg_total_relation_size('rollup_days') + pg_total_relation_size('rollup_months'))::text as rollups,
             pg_total_relation_size('responses')::text as responses`.execute(db)
  ).rows[0]!;
  return [
    `machine: nproc ${cpus().length} (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `PostgreSQL: ${version}`,
    `  ${settings.map((s) => `${s.name}=${s.setting}`).join(', ')}`,
    `tables (rows ≈ reltuples, size with indexes):`,
    ...sizes.map((s) => `  ${s.t.padEnd(24)} ${Number(s.rows).toLocaleString('en').padStart(14)} rows  ${s.size}`),
    `  rollups ÷ responses = ${(Number(ratio.rollups) / Number(ratio.responses)).toFixed(3)} (target ≤ 0.5)`,
  ];
}
