// Responses (phiếu trả lời): the inserts. insertResponses loads many at once (the demo, imports);
// insertOrFindResponses is the idempotent insert every submission goes through (submissions.ts).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Channel, Database, ResponseStatus } from '../schema.ts';
import { contentHash } from '../../domain/response-content.ts';
import { cleanText } from '../../domain/text.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewResponse {
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
export async function insertResponses(db: Db, rows: NewResponse[]): Promise<number> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const comments: { response_id: string; province_id: number; body: string }[] = [];
    const values = chunk.map((r) => {
      const value = responseValue(r);
      if (value.comment !== null) comments.push({ response_id: r.id, province_id: r.provinceId, body: value.comment });
      const { comment: _comment, ...row } = value;
      return row;
    });
    await sql`
      insert into responses (${RESPONSE_COLUMNS})
      select ${RESPONSE_COLUMNS}
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as r(${RESPONSE_RECORD})`.execute(db);
    if (comments.length > 0) await db.insertInto('response_comments').values(comments).execute();
  }
  return rows.length;
}

const RESPONSE_COLUMNS = sql.raw(
  'id, questionnaire_version_id, campaign_id, agency_id, service_point_id, province_id, channel, submitted_at, received_at, locale, answers, content_hash, status, status_reason',
);
const RESPONSE_RECORD = sql.raw(
  `id uuid, questionnaire_version_id bigint, campaign_id bigint, agency_id bigint, service_point_id bigint,
   province_id bigint, channel text, submitted_at timestamptz, received_at timestamptz, locale text,
   answers jsonb, content_hash text, status text, status_reason text`,
);

/** A row as the JSON record the insert statements expand; its comment cleaned, null when empty. */
function responseValue(r: NewResponse) {
  const body = r.comment === null ? '' : cleanText(r.comment);
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
    comment: body === '' ? null : body,
  };
}

export interface InsertOrFind {
  id: string;
  /** This statement stored the row. */
  created: boolean;
  /** When not created: the content hash of the row already there (null if a concurrent transaction committed it after this statement began). */
  storedHash: string | null;
}

/**
 * Inserts the rows whose ids are new and reads the content hash of those already stored, in one
 * statement that commits on its own when run outside a transaction: the submission path's common
 * case costs one round trip for a whole group commit. Ids must be distinct.
 */
export async function insertOrFindResponses(db: Db, rows: NewResponse[]): Promise<InsertOrFind[]> {
  if (rows.length === 0) return [];
  const values = rows.map(responseValue);
  // Comments reference their response, whose foreign key is checked at the end of the statement,
  // when the row inserted by the sibling CTE is there. The outer select's snapshot predates the
  // insert, so `stored` finds only rows that were there before.
  const result = await sql<{ id: string; created: boolean; stored_hash: string | null }>`
    with input as (
      select ${RESPONSE_COLUMNS}, comment
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as r(${RESPONSE_RECORD}, comment text)
    ), inserted as (
      insert into responses (${RESPONSE_COLUMNS})
      select ${RESPONSE_COLUMNS} from input
      on conflict (id) do nothing
      returning id
    ), commented as (
      insert into response_comments (response_id, province_id, body)
      select i.id, i.province_id, i.comment from input i join inserted using (id) where i.comment is not null
    )
    select i.id, inserted.id is not null as created, stored.content_hash as stored_hash
    from input i
    left join inserted on inserted.id = i.id
    left join responses stored on stored.id = i.id`.execute(db);
  const byId = new Map(result.rows.map((r) => [r.id, r]));
  return rows.map((r) => {
    // PostgreSQL prints uuids in lower case.
    const found = byId.get(r.id.toLowerCase());
    if (!found) throw new Error(`insertOrFindResponses: no result for ${r.id}`);
    return { id: r.id, created: found.created, storedHash: found.stored_hash };
  });
}
