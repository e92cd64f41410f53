// One rating from a kiosk's queue: decided burst or not against the kiosk's other ratings, stored
// through intake like every other channel, then linked to the kiosk and the officer on duty in a
// table of its own. The link is written on a replay too, so a crash between the two writes heals
// at the device's next resend.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { linkRating, nearestCountedRating, type KioskDevice } from '../../db/queries/kiosks.ts';
import { burstWindow, isBurst } from '../../domain/kiosk-interval.ts';
import { intake, type IntakeProblem } from '../../intake/intake.ts';

// Unknown fields are dropped, not refused: a client one version ahead must not see its queued
// ratings rejected for good.
export const RatingInput = z.object({
  id: z.uuid(),
  submitted_at: z.iso.datetime({ offset: true }),
  locale: z.enum(['vi', 'en']).default('vi'),
  answers: z.record(z.string().max(100), z.unknown()),
  comment: z.string().max(5000).nullable().optional(),
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

// Ratings of one kiosk are decided one at a time, so two taps sent together cannot both see the
// other as absent and both be counted. (One process; several instances would need a lock.)
const lanes = new Map<number, Promise<unknown>>();
function inLane<T>(kioskId: number, work: () => Promise<T>): Promise<T> {
  const before = lanes.get(kioskId) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  lanes.set(kioskId, settled);
  void settled.then(() => {
    if (lanes.get(kioskId) === settled) lanes.delete(kioskId);
  });
  return run;
}

export function submitRating(app: FastifyInstance, kiosk: KioskDevice, input: RatingInput): Promise<RatingResult> {
  return inLane(kiosk.id, async () => {
    const submittedAt = new Date(input.submitted_at);
    const interval = kiosk.minIntervalSeconds;
    const nearest =
      interval > 0 ? await nearestCountedRating(app.db, kiosk.id, submittedAt, burstWindow(submittedAt, interval), input.id) : null;
    const burst = isBurst(nearest, submittedAt, interval);
    const result = await intake(app.db, app.submissions, {
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
      extraFlags: burst ? ['burst'] : [],
    });
    if (!result.ok) return { ok: false, status: 422, problems: result.problems };
    if (result.outcome === 'conflict' || result.outcome === 'dossier-used') {
      return { ok: false, status: 409, problems: [{ field: 'id', code: 'conflict' }] };
    }
    await linkRating(app.db, {
      responseId: input.id,
      kioskId: kiosk.id,
      provinceId: kiosk.provinceId,
      submittedAt,
      counted: !burst,
      officerName: kiosk.officerName,
    });
    return { ok: true, status: result.outcome, flagged: result.flagged };
  });
}
