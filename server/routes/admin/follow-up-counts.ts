// What waits for the signed-in user in their subtree, for the staff home: comments new and overdue,
// improvement plans open and overdue, flagged responses to review — each only for a role that may
// act on it. The counts come from small query functions the staff home of issue 13 can call too
// (commentCounts, planCounts, flaggedCount).
import type { Kysely } from 'kysely';
import { commentCounts, type CommentCounts } from '../../db/queries/comments.ts';
import { flaggedCount } from '../../db/queries/flag-review.ts';
import { planCounts } from '../../db/queries/improvement-plans.ts';
import type { Database } from '../../db/schema.ts';
import { can } from '../../domain/roles.ts';
import type { SessionUser } from '../../db/queries/sessions.ts';

export interface FollowUpCounts {
  comments: CommentCounts | null;
  plans: { open: number; overdue: number } | null;
  flagged: number | null;
}

export async function followUpCounts(db: Kysely<Database>, user: SessionUser, today: string): Promise<FollowUpCounts> {
  const [comments, plans, flagged] = await Promise.all([
    can(user.role, 'comments.read') ? commentCounts(db, user.agencyPath, today) : null,
    can(user.role, 'results.read') ? planCounts(db, user.agencyPath, today) : null,
    can(user.role, 'responses.review') ? flaggedCount(db, user.agencyPath) : null,
  ]);
  return { comments, plans, flagged };
}
