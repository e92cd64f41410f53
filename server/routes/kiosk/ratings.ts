// One rating from a kiosk's queue: checked through intake like every other channel, then decided
// burst or not against the kiosk's other ratings, stored, and linked to the kiosk and the officer on
// duty in a table of its own — those three in one transaction under the kiosk's lock, so the
// minimum interval holds across app instances (issue 11).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { linkRating, lockKioskRatings, nearestCountedRating, type KioskDevice } from '../../db/queries/kiosks.ts';
import { storeSubmissions } from '../../db/queries/submissions.ts';
import { burstWindow, isBurst } from '../../domain/kiosk-interval.ts';
import { intake, type IntakeProblem, type SubmissionStore } from '../../intake/intake.ts';
import { code } from '../api/problems.ts';
import { wellFormed } from '../api/schemas.ts';

// Unknown fields are dropped, not refused: a client one version ahead must not see its queued
// ratings rejected for good.
export const RatingInput = z.object({
  id: z.uuid(),
  submitted_at: z.iso.datetime({ offset: true }),
  locale: z.enum(['vi', 'en']).default('vi'),
  answers: z.record(z.string().max(100).refine(wellFormed, code('invalid-characters')), z.unknown()),
  comment: z.string().max(5000).refine(wellFormed, code('invalid-characters')).nullable().optional(),
  /** The questionnaire version the screen showed; the latest published when absent. */
  version: z.number().int().min(1).max(1_000_000).optional(),
});
export type RatingInput = z.infer<typeof RatingInput>;

/** zod's view of a malformed body, in intake's problem codes (one message catalogue for both). */
export function ratingInputProblems(error: z.ZodError, input: unknown): IntakeProblem[] {
  return error.issues.map((issue): IntakeProblem => {
    const field = issue.path.map(String).join('.');
    const given = issue.path.reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
      input,
    );
    // A refinement names its own problem code (`hl:<code>`, as in the API's schemas).
    if (issue.message.startsWith('hl:')) return { field, code: issue.message.slice(3) };
    const keyCode = issue.code === 'invalid_key' ? issue.issues.find((i) => i.message.startsWith('hl:'))?.message.slice(3) : undefined;
    if (keyCode) return { field, code: keyCode };
    switch (issue.code) {
      case 'invalid_type':
        return given === undefined
          ? { field, code: 'missing-field' }
          : { field, code: 'invalid-type', params: { expected: issue.expected === 'record' ? 'object' : issue.expected } };
      case 'invalid_format':
        return { field, code: issue.format === 'uuid' ? 'invalid-uuid' : issue.format === 'datetime' ? 'invalid-date' : 'invalid' };
      case 'invalid_value':
        return { field, code: 'invalid-value', params: { allowed: issue.values.map(String).join(', ') } };
      case 'too_big':
        return issue.origin === 'string'
          ? { field, code: 'too-long', params: { max: Number(issue.maximum) } }
          : { field, code: 'too-big', params: { max: Number(issue.maximum) } };
      case 'too_small':
        return { field, code: 'too-small', params: { min: Number(issue.minimum) } };
      default:
        return { field, code: 'invalid' };
    }
  });
}

export type RatingResult =
  { ok: true; status: 'created' | 'replayed'; flagged: string[] } | { ok: false; status: 409 | 422; problems: IntakeProblem[] };

/**
 * Stores one rating: the burst decision, the response and its link to the kiosk, in one transaction
 * under the kiosk's advisory lock, so that ratings of one kiosk are decided one after another by
 * every app instance (two taps sent together, to two instances, cannot both count), and the link
 * can never be missing for a stored rating. Intake's look-ups happen before, outside the lock.
 */
function kioskStore(app: FastifyInstance, kiosk: KioskDevice, submittedAt: Date): SubmissionStore {
  return {
    submit: (submission) =>
      app.db.transaction().execute(async (trx) => {
        await lockKioskRatings(trx, kiosk.id);
        const interval = kiosk.minIntervalSeconds;
        const id = submission.row.id;
        const nearest =
          interval > 0 ? await nearestCountedRating(trx, kiosk.id, submittedAt, burstWindow(submittedAt, interval), id) : null;
        const burst = isBurst(nearest, submittedAt, interval);
        if (burst) {
          const reasons = submission.row.statusReason ? submission.row.statusReason.split(',') : [];
          if (!reasons.includes('burst')) reasons.push('burst');
          submission.row.status = 'flagged';
          submission.row.statusReason = reasons.join(',');
        }
        const [outcome] = await storeSubmissions(trx, [submission]);
        if (outcome === 'created' || outcome === 'replayed') {
          // On a replay the link is already there and stays as it was decided the first time.
          await linkRating(trx, {
            responseId: id,
            kioskId: kiosk.id,
            provinceId: kiosk.provinceId,
            submittedAt,
            counted: !burst,
            officerName: kiosk.officerName,
          });
        }
        return outcome!;
      }),
  };
}

export async function submitRating(app: FastifyInstance, kiosk: KioskDevice, input: RatingInput): Promise<RatingResult> {
  const submittedAt = new Date(input.submitted_at);
  const result = await intake(app.db, kioskStore(app, kiosk, submittedAt), {
    id: input.id,
    questionnaireCode: kiosk.questionnaireCode,
    version: input.version,
    servicePointCode: kiosk.servicePoint.code,
    channel: 'kiosk',
    submittedAt,
    locale: input.locale,
    answers: input.answers,
    comment: input.comment ?? null,
    // A face alone is a rating: a citizen who walks away before giving reasons has still rated.
    completeness: 'lenient',
  });
  if (!result.ok) return { ok: false, status: 422, problems: result.problems };
  if (result.outcome === 'conflict' || result.outcome === 'dossier-used') {
    return { ok: false, status: 409, problems: [{ field: 'id', code: 'conflict' }] };
  }
  return { ok: true, status: result.outcome, flagged: result.flagged };
}
