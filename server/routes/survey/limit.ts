// The public submission limit as the survey routes apply it: read the address's window, refuse or
// count. Refused requests are not counted, so a client that keeps hammering is let through again as
// soon as its window has room, and the table does not grow with the attack. Old counters go with
// the housekeeping job (server/plugins/housekeeping.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { countSubmission, submissionCounts } from '../../db/queries/submission-limits.ts';
import { addressHash, minuteOf, submissionBrake, windowStart, type SubmissionBrake } from '../../domain/submission-limit.ts';

export async function takeSubmissionSlot(app: FastifyInstance, request: FastifyRequest, now: Date): Promise<SubmissionBrake> {
  const hash = addressHash(request.ip || 'unknown', app.config.sessionSecret);
  const brake = submissionBrake(await submissionCounts(app.db, hash, windowStart(now)), now);
  if (!brake.blocked) await countSubmission(app.db, hash, minuteOf(now));
  return brake;
}
