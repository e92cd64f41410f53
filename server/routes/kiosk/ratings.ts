// One rating from a kiosk's queue: checked through intake like every other channel, then decided
// burst or not against the kiosk's other ratings, stored, and linked to the kiosk and the officer on
// duty in a table of its own — those three in one transaction under the kiosk's lock, so the
// minimum interval holds across app instances (issue 11).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { linkRating, lockKioskRatings, nearestCountedRating } from '../../db/queries/kiosk-ratings.ts';
import { type KioskDevice } from '../../db/queries/kiosk-devices.ts';
import { storeSubmissions } from '../../db/queries/submissions.ts';
import { burstWindow, isBurst } from '../../domain/kiosk-interval.ts';
import { problemCode } from '../../i18n/problems.ts';
import { intake, type IntakeProblem, type SubmissionStore } from '../../intake/intake.ts';
import { wellFormed } from '../api/schemas.ts';

// Unknown fields are dropped, not refused: a client one version ahead must not see its queued
// ratings rejected for good.
export const RatingInput = z.object({
  id: z.uuid(),
  submitted_at: z.iso.datetime({ offset: true }),
  locale: z.enum(['vi', 'en']).default('vi'),
  answers: z.record(z.string().max(100).refine(wellFormed, problemCode('invalid-characters')), z.unknown()),
  comment: z.string().max(5000).refine(wellFormed, problemCode('invalid-characters')).nullable().optional(),
  /** The questionnaire version the screen showed; the latest published when absent. */
  version: z.number().int().min(1).max(1_000_000).optional(),
});
export type RatingInput = z.infer<typeof RatingInput>;

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
