// The content of a response, reduced to one canonical string and its sha256. Submissions are
// idempotent on the client-generated id (invariant 2): the same id with the same content hash is a
// replay (answer 200, store nothing), the same id with another hash is a conflict (409). The hash
// must therefore depend only on what the citizen answered, never on how the JSON was spelled.
//
// Canonical form (version 1), fixed once rows carry it — changing it would turn replays into
// conflicts:
//   - a JSON object with exactly these keys: agency_id, answers, campaign_id, channel, comment,
//     locale, questionnaire_version_id, service_point_id, submitted_at;
//   - object keys sorted by UTF-16 code unit order, recursively (answers included); no whitespace;
//   - submitted_at as UTC ISO 8601 with milliseconds ("2026-03-02T01:30:00.000Z");
//   - ids as JSON numbers, absent ids as null;
//   - every string NFC; the comment cleaned as stored (cleanText), an empty comment is null;
//   - answers with an undefined value are left out (absent key = blank, as in storage);
//     array order is kept (it is the order the client sent).
import { createHash } from 'node:crypto';
import type { Channel } from '../db/schema.ts';
import { cleanText } from './text.ts';
import { canonicalJson } from './canonical-json.ts';

export interface ResponseContent {
  questionnaireVersionId: number;
  agencyId: number;
  servicePointId: number | null;
  campaignId: number | null;
  channel: Channel;
  submittedAt: Date | string;
  locale: 'vi' | 'en';
  answers: Record<string, unknown>;
  comment: string | null;
}

/** The canonical string of a response's content; see the rules at the top of this file. */
export function canonicalResponse(c: ResponseContent): string {
  const submitted = c.submittedAt instanceof Date ? c.submittedAt : new Date(c.submittedAt);
  if (Number.isNaN(submitted.getTime())) throw new TypeError('submittedAt is not a valid instant');
  const comment = c.comment === null ? '' : cleanText(c.comment);
  return canonicalJson({
    questionnaire_version_id: c.questionnaireVersionId,
    agency_id: c.agencyId,
    service_point_id: c.servicePointId,
    campaign_id: c.campaignId,
    channel: c.channel,
    submitted_at: submitted.toISOString(),
    locale: c.locale,
    answers: c.answers,
    comment: comment === '' ? null : comment,
  });
}

/** sha256 (lower-case hex) of canonicalResponse: what responses.content_hash holds. */
export function contentHash(c: ResponseContent): string {
  return createHash('sha256').update(canonicalResponse(c), 'utf8').digest('hex');
}

/** The content of a stored row and its comment, to recompute and compare its content_hash. */
export function contentOfStored(
  row: {
    questionnaire_version_id: number;
    agency_id: number;
    service_point_id: number | null;
    campaign_id: number | null;
    channel: Channel;
    submitted_at: Date | string;
    locale: 'vi' | 'en';
    answers: Record<string, unknown> | string;
  },
  comment: string | null,
): ResponseContent {
  return {
    questionnaireVersionId: row.questionnaire_version_id,
    agencyId: row.agency_id,
    servicePointId: row.service_point_id,
    campaignId: row.campaign_id,
    channel: row.channel,
    submittedAt: row.submitted_at,
    locale: row.locale,
    answers: typeof row.answers === 'string' ? (JSON.parse(row.answers) as Record<string, unknown>) : row.answers,
    comment,
  };
}
