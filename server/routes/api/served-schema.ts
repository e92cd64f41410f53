// The JSON POST /api/v1/served accepts, as a zod object of its own so that the generated OpenAPI
// document (issue 16, helper A's work) can be built from it. Strict like every API body: an unknown
// field is refused rather than ignored.
import { z } from 'zod';
import { MAX_SERVED, parseServedPeriod, SERVICE_POINT_CODE } from '../../domain/served-import.ts';
import { problemCode as code } from '../../i18n/problems.ts';

/** Items in one request: a month of days for a few dozen points. */
const MAX_SERVED_ITEMS = 5000;

const ServedItem = z.strictObject({
  service_point: z.string().min(1).max(64).regex(SERVICE_POINT_CODE, code('unknown-service-point')),
  /** A day 'YYYY-MM-DD' or a calendar month 'YYYY-MM'. */
  period: z
    .string()
    .max(10)
    .refine((s) => parseServedPeriod(s) !== null, code('invalid-period'))
    .describe('A day YYYY-MM-DD or a calendar month YYYY-MM (Viet Nam calendar); not in the future.'),
  served: z.number().int().min(0).max(MAX_SERVED).describe('People served (lượt phục vụ) at the point in the period.'),
});

export const ServedInput = z.strictObject({
  served: z.array(ServedItem).min(1).max(MAX_SERVED_ITEMS),
});
export type ServedInput = z.infer<typeof ServedInput>;

/** What the API answers: every item was stored (the request is all or nothing). */
export const ServedOutput = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  replaced: z.number().int(),
  unchanged: z.number().int(),
});
