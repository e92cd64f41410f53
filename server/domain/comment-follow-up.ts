// The follow-up of a citizen's comment (xử lý góp ý): its statuses, what each needs, and when one is
// overdue. A comment starts 'new'; staff move it to 'in_progress', 'answered' (a reply was given to
// the citizen, so its text is required) or 'closed' (nothing more to do, answered or not). Any
// status may follow any other: a closed comment can be reopened.
import type { FollowUpStatus } from '../db/schema.ts';

export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['new', 'in_progress', 'answered', 'closed'];
/** The statuses that still wait for someone: only these can be overdue. */
export const OPEN_STATUSES: readonly FollowUpStatus[] = ['new', 'in_progress'];

export const NOTE_MAX = 5000;
export const REPLY_MAX = 5000;

export function isFollowUpStatus(v: unknown): v is FollowUpStatus {
  return typeof v === 'string' && (FOLLOW_UP_STATUSES as readonly string[]).includes(v);
}

/** Overdue: still open and its deadline (a Viet Nam day) is before today. No deadline, never overdue. */
export function isOverdue(c: { status: FollowUpStatus; dueOn: string | null }, today: string): boolean {
  return c.dueOn !== null && c.dueOn < today && OPEN_STATUSES.includes(c.status);
}

export interface FollowUpInput {
  status: FollowUpStatus;
  assigneeId: number | null;
  dueOn: string | null;
  note: string | null;
  reply: string | null;
}

export type FollowUpProblem = 'reply-required';

/** What a follow-up must hold to be saved, beyond each field's own shape. */
export function followUpProblems(f: FollowUpInput): { field: 'reply'; code: FollowUpProblem }[] {
  return f.status === 'answered' && !f.reply ? [{ field: 'reply', code: 'reply-required' }] : [];
}

/** When the reply was first given: kept once set, set when a reply first appears. */
export function repliedAt(
  before: { reply: string | null; repliedAt: Date | null },
  after: { reply: string | null },
  now: Date,
): Date | null {
  if (!after.reply) return null;
  return before.reply && before.repliedAt ? before.repliedAt : now;
}
