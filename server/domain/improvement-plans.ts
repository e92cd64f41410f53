// Improvement plans (kế hoạch khắc phục): a weakness — an index of an agency in a period, with the
// figure it had — the measures, the agency responsible, a deadline and a status. A plan is overdue
// while it is still planned or under way after its deadline (a Viet Nam day).
import type { PlanStatus } from '../db/schema.ts';

export const PLAN_STATUSES: readonly PlanStatus[] = ['planned', 'in_progress', 'done', 'cancelled'];
export const OPEN_PLAN_STATUSES: readonly PlanStatus[] = ['planned', 'in_progress'];

export const WEAKNESS_MAX = 2000;
export const MEASURES_MAX = 5000;
export const OUTCOME_MAX = 5000;

export function isPlanStatus(v: unknown): v is PlanStatus {
  return typeof v === 'string' && (PLAN_STATUSES as readonly string[]).includes(v);
}

export function isPlanOverdue(p: { status: PlanStatus; dueOn: string }, today: string): boolean {
  return p.dueOn < today && OPEN_PLAN_STATUSES.includes(p.status);
}
