// The one look-up of a place where citizens are served, by service point code or agency code: its
// agency (with the path every scope test needs and the province key rows carry), its validity, and
// the names pages show. Intake, the survey, the dossier links and the CLI all read it here; the
// remembered form is placeOf() in server/db/lookups.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database>;

export interface Place {
  agencyId: number;
  agencyCode: string;
  agencyPath: string;
  agencyNameVi: string;
  agencyNameEn: string | null;
  provinceId: number;
  validFrom: string | null;
  validTo: string | null;
  servicePointId: number | null;
  servicePointCode: string | null;
  servicePointNameVi: string | null;
  servicePointNameEn: string | null;
  /** An agency without a service point always takes answers; a service point only while active. */
  servicePointActive: boolean;
}

export type PlaceKey = { servicePointCode: string } | { agencyCode: string };

const agencyColumns = [
  'a.id as agency_id',
  'a.code as agency_code',
  'a.path',
  'a.name_vi as agency_name_vi',
  'a.name_en as agency_name_en',
  'a.province_id',
  'a.valid_from',
  'a.valid_to',
] as const;

/** The agency of a service point (or the agency itself); undefined when the code is unknown. */
export async function findPlace(db: Db, by: PlaceKey): Promise<Place | undefined> {
  if ('servicePointCode' in by) {
    const r = await db
      .selectFrom('service_points as sp')
      .innerJoin('agencies as a', 'a.id', 'sp.agency_id')
      .where('sp.code', '=', by.servicePointCode)
      .select([
        ...agencyColumns,
        'sp.id as sp_id',
        'sp.code as sp_code',
        'sp.name_vi as sp_name_vi',
        'sp.name_en as sp_name_en',
        'sp.active',
      ])
      .executeTakeFirst();
    return (
      r && {
        agencyId: r.agency_id,
        agencyCode: r.agency_code,
        agencyPath: r.path,
        agencyNameVi: r.agency_name_vi,
        agencyNameEn: r.agency_name_en,
        provinceId: r.province_id ?? r.agency_id,
        validFrom: r.valid_from,
        validTo: r.valid_to,
        servicePointId: r.sp_id,
        servicePointCode: r.sp_code,
        servicePointNameVi: r.sp_name_vi,
        servicePointNameEn: r.sp_name_en,
        servicePointActive: r.active,
      }
    );
  }
  const a = await db.selectFrom('agencies as a').where('a.code', '=', by.agencyCode).select(agencyColumns).executeTakeFirst();
  return (
    a && {
      agencyId: a.agency_id,
      agencyCode: a.agency_code,
      agencyPath: a.path,
      agencyNameVi: a.agency_name_vi,
      agencyNameEn: a.agency_name_en,
      provinceId: a.province_id ?? a.agency_id,
      validFrom: a.valid_from,
      validTo: a.valid_to,
      servicePointId: null,
      servicePointCode: null,
      servicePointNameVi: null,
      servicePointNameEn: null,
      servicePointActive: true,
    }
  );
}
