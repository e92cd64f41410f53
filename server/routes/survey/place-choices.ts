// The campaign link's question "where were you served?" (/c/{campaign}, issue 13): each place named
// once — a service point's own name already saying its agency ("Bộ phận một cửa — Sở Y tế") is
// not followed by the agency again — grouped by the kind of agency serving there (the public
// administration centre, departments, communes…) and sorted by name within each group, so that a
// citizen finds their place on a phone by the first letters instead of reading 41 mixed options.
import type { AgencyKind } from '../../db/schema.ts';
import type { CampaignPlace } from '../../db/queries/drafts.ts';
import type { Locale } from '../../i18n/index.ts';
import { nameIn } from './view.ts';

export interface PlaceChoice {
  value: string;
  label: string;
  lang: string | null;
  kind: AgencyKind;
  kindLabel: string;
}

// Where citizens are most often served first: the one-stop centre, then departments, then communes.
const KIND_ORDER: readonly AgencyKind[] = ['centre', 'department', 'commune', 'branch', 'unit', 'province'];

export function placeChoices(places: CampaignPlace[], locale: Locale, kindLabel: (kind: AgencyKind) => string): PlaceChoice[] {
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'vi');
  return places
    .map((p) => {
      const name = nameIn(p.nameVi, p.nameEn, locale);
      const agency = nameIn(p.agencyNameVi, p.agencyNameEn, locale);
      const named = name.text.toLocaleLowerCase('vi').includes(agency.text.toLocaleLowerCase('vi'));
      const label = p.kind === 'service-point' && !named ? `${name.text} — ${agency.text}` : name.text;
      return { value: p.code, label, lang: name.lang, kind: p.agencyKind, kindLabel: kindLabel(p.agencyKind) };
    })
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || collator.compare(a.label, b.label));
}

/** Consecutive choices of one kind as one group (the choices are sorted by kind already). */
export function groupChoices<C extends PlaceChoice>(choices: C[]): { label: string; choices: C[] }[] {
  const groups: { label: string; kind: AgencyKind; choices: C[] }[] = [];
  for (const c of choices) {
    const last = groups[groups.length - 1];
    if (last && last.kind === c.kind) last.choices.push(c);
    else groups.push({ label: c.kindLabel, kind: c.kind, choices: [c] });
  }
  return groups;
}
