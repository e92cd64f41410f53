// Raw responses for exports, a page at a time in a stable order (submitted_at, id): memory stays
// bounded whatever the period, and on the embedded database other requests get the single session
// between pages instead of waiting for the whole export. Paging by key (not by offset) means a row
// inserted meanwhile appears once or not at all, never twice.
//
// Each page must cost about its own rows, not the whole selection: the rows are walked in time order
// along responses_province_submitted (every response of a subtree carries the province at the root
// of its path, kept in step when units move), so a page reads on from where the last one stopped
// instead of sorting every matching row again. The key is carried as PostgreSQL prints it, to the
// microsecond: a JavaScript Date keeps milliseconds, and a row stored with finer precision would
// otherwise come back on the next page. The next page is asked for as soon as a page arrives (its
// key is the page's last row), so the database finds it while the caller writes this one out.
import { sql, type Kysely } from 'kysely';
import type { Channel, Database } from '../schema.ts';
import type { Bucket, CountFilter } from './results-read.ts';

export interface ExportResponse {
  id: string;
  agencyCode: string;
  agencyNameVi: string;
  servicePointCode: string | null;
  campaignCode: string | null;
  questionnaireVersion: number;
  channel: Channel;
  submittedAt: Date;
  locale: 'vi' | 'en';
  answers: Record<string, unknown>;
  comment: string | null;
  /** Only filled when identifiers were asked for (and allowed). */
  dossierHash: string | null;
  officerName: string | null;
}

export interface ResponsePageOptions {
  /** Reportable only (status valid), as the indices count them; false: every stored response. */
  reportableOnly: boolean;
  identifiers: boolean;
  pageSize?: number;
}

/** Every response of the selection (subtree roots, versions, days, filters), page by page. */
export async function* responsePages(
  db: Kysely<Database>,
  bucket: Bucket,
  f: CountFilter,
  opts: ResponsePageOptions,
): AsyncGenerator<ExportResponse[]> {
  const size = opts.pageSize ?? 1000;
  if (f.versionIds.length === 0) return;
  const roots = sql.join(
    bucket.roots.map((r) => sql`path like ${`${r.path}%`}`),
    sql` or `,
  );
  // A path begins with the id of its tree's root, the province (/12/345/ lies in province 12).
  const provinces = [...new Set(bucket.roots.map((r) => Number(r.path.split('/')[1])))];
  const inProvinces =
    provinces.length === 1 ? sql`r.province_id = ${provinces[0]}::bigint` : sql`r.province_id = any(${provinces}::bigint[])`;

  // The few agencies, service points, campaigns and versions are looked up once, not joined into
  // every page: a page query on responses alone plans in a fraction of the time.
  const agencies = new Map(
    (await sql<{ id: number; code: string; name_vi: string }>`select id, code, name_vi from agencies where ${roots}`.execute(db)).rows.map(
      (a) => [Number(a.id), a],
    ),
  );
  if (agencies.size === 0) return;
  const points = new Map(
    (
      await sql<{ id: number; code: string }>`select id, code from service_points where province_id = any(${provinces}::bigint[])`.execute(
        db,
      )
    ).rows.map((p) => [Number(p.id), p.code]),
  );
  const campaigns = new Map(
    (await sql<{ id: number; code: string }>`select id, code from campaigns`.execute(db)).rows.map((c) => [Number(c.id), c.code]),
  );
  const versions = new Map(
    (
      await sql<{
        id: number;
        version: number;
      }>`select id, version from questionnaire_versions where id = any(${f.versionIds}::bigint[])`.execute(db)
    ).rows.map((v) => [Number(v.id), v.version]),
  );
  const agencyIds = [...agencies.keys()];

  type Row = ExportResponse & {
    agencyId: number;
    servicePointId: number | null;
    campaignId: number | null;
    versionId: number;
    pageKey: string;
    submittedMs: number;
  };
  const page = async (after: { at: string; id: string } | null): Promise<Row[]> => {
    const r = await sql<Row>`
      select r.id, r.agency_id as "agencyId", r.service_point_id as "servicePointId", r.campaign_id as "campaignId",
             r.questionnaire_version_id as "versionId", r.channel,
             -- Milliseconds, not a timestamp: the driver's date parser was a twentieth of the CSV's time.
             floor(extract(epoch from r.submitted_at) * 1000)::float8 as "submittedMs", r.submitted_at::text as "pageKey", r.locale, r.answers, rc.body as comment,
             ${opts.identifiers ? sql`(select d.dossier_hash from response_dossiers d where d.response_id = r.id limit 1)` : sql`null::text`} as "dossierHash",
             ${opts.identifiers ? sql`(select k.officer_name from kiosk_ratings k where k.response_id = r.id)` : sql`null::text`} as "officerName"
      from responses r
      left join response_comments rc on rc.response_id = r.id
      where ${inProvinces}
        and r.agency_id = any(${agencyIds}::bigint[])
        and r.questionnaire_version_id = any(${f.versionIds}::bigint[])
        and r.submitted_at >= (${f.from}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'
        and r.submitted_at < (${f.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'
        ${opts.reportableOnly ? sql`and r.status = 'valid'` : sql``}
        ${f.campaignId !== undefined ? sql`and r.campaign_id = ${f.campaignId}::bigint` : sql``}
        ${f.channel !== undefined ? sql`and r.channel = ${f.channel}` : sql``}
        ${f.field !== undefined ? sql`and r.answers ->> 'B.FIELD' = ${f.field}` : sql``}
        ${f.servicePointId !== undefined ? sql`and r.service_point_id = ${f.servicePointId}::bigint` : sql``}
        ${f.respondentType !== undefined ? sql`and r.answers ->> 'B.TYPE' = ${f.respondentType}` : sql``}
        ${after ? sql`and r.submitted_at >= ${after.at}::timestamptz and (r.submitted_at, r.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      order by r.submitted_at, r.id
      limit ${size}::int`.execute(db);
    for (const row of r.rows) {
      const agency = agencies.get(Number(row.agencyId))!;
      row.agencyCode = agency.code;
      row.agencyNameVi = agency.name_vi;
      row.servicePointCode = row.servicePointId === null ? null : (points.get(Number(row.servicePointId)) ?? null);
      row.campaignCode = row.campaignId === null ? null : (campaigns.get(Number(row.campaignId)) ?? null);
      row.questionnaireVersion = versions.get(Number(row.versionId))!;
      row.submittedAt = new Date(row.submittedMs);
    }
    return r.rows;
  };
  let next = page(null);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    const full = rows.length === size;
    if (full) {
      const last = rows[rows.length - 1]!;
      next = page({ at: last.pageKey, id: last.id });
      // Awaited on the next turn; a caller that stops early must not leave it unhandled.
      next.catch(() => {});
    }
    yield rows;
    if (!full) return;
  }
}
