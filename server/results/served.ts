// The response rate of each agency of a selection (issue 16 point 4): responses at the service
// points of its subtree whose people served are known for the whole period (server/domain/served.ts),
// divided by those people served, with the finite-population margin of error and the province's
// floor. Responses come from the same rollups as every figure (split by service point), so the
// numerator is the dashboards' own count; a point without counts is left out of both sides.
import type { Kysely } from 'kysely';
import { loadRollups } from '../db/queries/results-read.ts';
import { servedRowsUnder } from '../db/queries/served.ts';
import { getSetting } from '../db/queries/settings.ts';
import type { Agency, Database } from '../db/schema.ts';
import { rateFloorOf, responseRate, type ResponseRate } from '../domain/response-rate.ts';
import { servedInPeriod } from '../domain/served.ts';
import { bucketOf, countFilter, linksFor, selectQuestionnaire, type ResultsFilter } from './selection.ts';

export interface RateFigures extends ResponseRate {
  /** The province's floor, a share. */
  floor: number;
  /** Points with responses in the selection whose people served are not known for the whole period. */
  pointsLeftOut: number;
  responsesLeftOut: number;
}

/** The setting of a province's response-rate floor, a share (0.05 for 5 %). */
export const rateFloorSetting = (provinceCode: string) => `results.response_rate_floor.${provinceCode}`;

async function rateFloor(db: Kysely<Database>, agency: Pick<Agency, 'id' | 'province_id'>): Promise<number> {
  const provinceId = agency.province_id ?? agency.id;
  const province = await db.selectFrom('agencies').select('code').where('id', '=', provinceId).executeTakeFirst();
  return rateFloorOf(province ? await getSetting(db, rateFloorSetting(province.code)) : undefined);
}

/**
 * Each agency's response rate for the selection; null where no service point of its subtree has
 * people served known for the period ("chưa có số lượt phục vụ").
 */
export async function responseRates(db: Kysely<Database>, agencies: Agency[], f: ResultsFilter): Promise<Map<number, RateFigures | null>> {
  const out = new Map<number, RateFigures | null>();
  if (agencies.length === 0) return out;
  const questionnaire = await selectQuestionnaire(db, f.questionnaireId, f.version);
  const links = await linksFor(db, f);
  const buckets = agencies.map((a) => bucketOf(a, links));
  const paths = [...new Set(buckets.flatMap((b) => b.roots.map((r) => r.path)))];
  const [rollups, stored, floor] = await Promise.all([
    loadRollups(db, buckets, countFilter(f, questionnaire.versionIds), { by: 'service_point_id' }),
    servedRowsUnder(db, paths, f.from, f.to),
    // One province per selection: every agency shown lies in the first one's province.
    rateFloor(db, agencies[0]!),
  ]);
  for (const bucket of buckets) {
    const responsesAt = new Map<number, number>();
    for (const r of rollups)
      if (r.bucket === bucket.id && r.key !== null) responsesAt.set(Number(r.key), (responsesAt.get(Number(r.key)) ?? 0) + r.responses);
    const own = stored.filter(
      (s) =>
        bucket.roots.some((root) => s.agencyPath.startsWith(root.path)) &&
        (f.servicePointId === undefined || s.servicePointId === f.servicePointId),
    );
    const served = servedInPeriod(
      own.map((s) => ({ servicePointId: s.servicePointId, kind: s.kind, start: s.start, served: s.served })),
      f.from,
      f.to,
    );
    let total = 0;
    let responses = 0;
    let known = 0;
    for (const [point, s] of served) {
      if (!s.known) continue;
      known++;
      total += s.served;
      responses += responsesAt.get(point) ?? 0;
    }
    let pointsLeftOut = 0;
    let responsesLeftOut = 0;
    for (const [point, n] of responsesAt) {
      if (served.get(point)?.known) continue;
      pointsLeftOut++;
      responsesLeftOut += n;
    }
    out.set(bucket.id, known === 0 ? null : { ...responseRate(responses, total, floor), floor, pointsLeftOut, responsesLeftOut });
  }
  return out;
}

/** One agency's response rate for the selection. */
export async function responseRateOf(db: Kysely<Database>, agency: Agency, f: ResultsFilter): Promise<RateFigures | null> {
  return (await responseRates(db, [agency], f)).get(agency.id) ?? null;
}

/** The API's shape (GET /api/v1/results, field responseRate; null: no people served recorded). */
export function rateJson(r: RateFigures | null) {
  if (!r) return null;
  const { responses, served, rate, margin, floor, belowFloor, inconsistent, pointsLeftOut, responsesLeftOut } = r;
  return { responses, served, rate, margin, floor, belowFloor, inconsistent, pointsLeftOut, responsesLeftOut };
}
