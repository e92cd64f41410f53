// Responses (phiếu trả lời). For now only the bulk insert that loads many at once (the demo,
// imports); the submission path with its idempotent single insert comes with the survey API.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Channel, Database, ResponseStatus } from '../schema.ts';
import { contentHash } from '../../domain/response-content.ts';
import { cleanText } from '../../domain/text.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ResponseRow {
  /** Client-generated uuid. */
  id: string;
  questionnaireVersionId: number;
  campaignId: number | null;
  agencyId: number;
  servicePointId: number | null;
  /** The agency's province_id. */
  provinceId: number;
  channel: Channel;
  submittedAt: Date;
  receivedAt?: Date;
  locale: 'vi' | 'en';
  /** Keyed by question code; an absent key is a blank answer. */
  answers: Record<string, unknown>;
  /** Free text, stored apart in response_comments (NFC, cleaned). */
  comment: string | null;
  /** Computed with contentHash when not given. */
  contentHash?: string;
  status?: ResponseStatus;
  statusReason?: string | null;
}

// Each chunk travels as one JSON parameter expanded by jsonb_to_recordset: parsing one JSON document
// is far cheaper than binding and planning thousands of parameters, most of all on the embedded
// database, where the demo's 20,000 rows must load in seconds.
const CHUNK = 2000;

/**
 * Inserts rows, 2,000 per statement, and their comments. Run it inside a transaction when all or nothing must land;
 * it opens none itself so that callers can combine it with their other writes.
 */
export async function insertResponses(db: Db, rows: ResponseRow[]): Promise<number> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const comments: { response_id: string; province_id: number; body: string }[] = [];
    const values = chunk.map((r) => {
      const body = r.comment === null ? '' : cleanText(r.comment);
      if (body !== '') comments.push({ response_id: r.id, province_id: r.provinceId, body });
      return {
        id: r.id,
        questionnaire_version_id: r.questionnaireVersionId,
        campaign_id: r.campaignId,
        agency_id: r.agencyId,
        service_point_id: r.servicePointId,
        province_id: r.provinceId,
        channel: r.channel,
        submitted_at: r.submittedAt.toISOString(),
        received_at: (r.receivedAt ?? new Date()).toISOString(),
        locale: r.locale,
        answers: r.answers,
        content_hash:
          r.contentHash ??
          contentHash({
            questionnaireVersionId: r.questionnaireVersionId,
            agencyId: r.agencyId,
            servicePointId: r.servicePointId,
            campaignId: r.campaignId,
            channel: r.channel,
            submittedAt: r.submittedAt,
            locale: r.locale,
            answers: r.answers,
            comment: body === '' ? null : body,
          }),
        status: r.status ?? 'valid',
        status_reason: r.statusReason ?? null,
      };
    });
    await sql`
      insert into responses (id, questionnaire_version_id, campaign_id, agency_id, service_point_id, province_id,
                             channel, submitted_at, received_at, locale, answers, content_hash, status, status_reason)
      select id, questionnaire_version_id, campaign_id, agency_id, service_point_id, province_id,
             channel, submitted_at, received_at, locale, answers, content_hash, status, status_reason
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as r(
        id uuid, questionnaire_version_id bigint, campaign_id bigint, agency_id bigint, service_point_id bigint,
        province_id bigint, channel text, submitted_at timestamptz, received_at timestamptz, locale text,
        answers jsonb, content_hash text, status text, status_reason text)`.execute(db);
    if (comments.length > 0) await db.insertInto('response_comments').values(comments).execute();
  }
  return rows.length;
}
