// Whether a place takes answers on a calendar day: its agency valid that day (a unit that ended in a
// reorganisation takes none after its end) and, for a service point, the point switched on.

export interface PlaceValidity {
  validFrom: string | null;
  validTo: string | null;
  servicePointActive: boolean;
}

/** The agency is valid on `day` ('YYYY-MM-DD', Viet Nam calendar); dates compare as strings. */
export function agencyValidOn(p: Pick<PlaceValidity, 'validFrom' | 'validTo'>, day: string): boolean {
  return (p.validFrom === null || p.validFrom <= day) && (p.validTo === null || p.validTo >= day);
}

/** The place takes answers on `day`. */
export function placeOpenOn(p: PlaceValidity, day: string): boolean {
  return p.servicePointActive && agencyValidOn(p, day);
}
