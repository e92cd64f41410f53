// The JSON the API accepts, version 1. Strict: a field we do not know is refused, not ignored, so a
// client's typo ("servicepoint") is a 422 rather than a response filed in the wrong place.
import { z } from 'zod';
import { DOSSIER_CODE } from '../../domain/dossier-link.ts';
import { textFault } from '../../domain/text.ts';
import { problemCode as code } from '../../i18n/problems.ts';

export const MAX_BATCH = 500;
export const MAX_LINK_DAYS = 90;

/** Text PostgreSQL can store: no control characters, no half of a surrogate pair (issue 11). */
export const wellFormed = (s: string) => textFault(s) === null;
const Code = z.string().min(1).max(100).refine(wellFormed, code('invalid-characters'));
const AnswerMap = z
  .record(z.string().max(100).refine(wellFormed, code('invalid-characters')), z.unknown())
  .refine((m) => Object.keys(m).length <= 500, code('too-many-items'));

export const ResponseInput = z.strictObject({
  // Any 8-4-4-4-12 hex id (what PostgreSQL's uuid takes); lower-cased because the database returns
  // it so, and replays are matched on it.
  id: z.guid().transform((s) => s.toLowerCase()),
  questionnaire: Code.optional(),
  version: z.number().int().min(1).max(1_000_000).optional(),
  campaign: Code.optional(),
  agency: Code.optional(),
  service_point: Code.optional(),
  // Not 'paper': keying a paper form is a clerk's act, done on the paper pages with the clerk's
  // name recorded, and paper is the one channel exempt from the late rule (issue 11).
  channel: z
    .enum(['kiosk', 'online', 'paper', 'api'])
    .default('api')
    .refine((c) => c !== 'paper', code('channel-not-allowed')),
  submitted_at: z.iso.datetime({ offset: true }).refine((s) => !Number.isNaN(Date.parse(s)), code('invalid-date')),
  locale: z.enum(['vi', 'en']).default('vi'),
  answers: AnswerMap,
  // The questionnaire sets the real limit (too-long); this one only bounds what we hold in memory.
  comment: z.string().max(20_000).refine(wellFormed, code('invalid-characters')).nullable().optional(),
  background: AnswerMap.optional(),
});
export type ResponseInput = z.infer<typeof ResponseInput>;

export const BatchInput = z.strictObject({ responses: z.array(z.unknown()).min(1) });

export const LinkInput = z.strictObject({
  service_point: Code,
  dossier: z.string().regex(DOSSIER_CODE, code('invalid-dossier-code')),
  expires_in_days: z.number().int().min(1).max(MAX_LINK_DAYS).optional(),
});
