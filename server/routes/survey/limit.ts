// The public submission limit as the survey routes apply it: read the address's window, refuse or
// count. Refused requests are not counted, so a client that keeps hammering is let through again as
// soon as its window has room, and the table does not grow with the attack.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { countSubmission, pruneSubmissionCounters, submissionCounts } from '../../db/queries/submission-limits.ts';
import { deleteExpiredContacts } from '../../db/queries/comment-contacts.ts';
import { wipeExpiredDrafts } from '../../db/queries/drafts.ts';
import { addressHash, minuteOf, submissionBrake, windowStart, type SubmissionBrake } from '../../domain/submission-limit.ts';

export async function takeSubmissionSlot(app: FastifyInstance, request: FastifyRequest, now: Date): Promise<SubmissionBrake> {
  const hash = addressHash(request.ip || 'unknown', app.config.sessionSecret);
  const brake = submissionBrake(await submissionCounts(app.db, hash, windowStart(now)), now);
  if (!brake.blocked) await countSubmission(app.db, hash, minuteOf(now));
  return brake;
}

const HOUSEKEEPING_MS = 10 * 60 * 1000;

/** Old counters go, expired drafts lose their answers and expired contacts go, at most once per interval per app instance. */
export function housekeeper(app: FastifyInstance): (now: Date) => Promise<void> {
  let last = 0;
  return async (now) => {
    if (now.getTime() - last < HOUSEKEEPING_MS) return;
    last = now.getTime();
    await pruneSubmissionCounters(app.db, new Date(now.getTime() - 24 * 3600 * 1000));
    await wipeExpiredDrafts(app.db, now);
    await deleteExpiredContacts(app.db, now);
  };
}
