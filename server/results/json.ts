// The machine-readable shape of results (GET /api/v1/results; documented in docs/api.md and the
// OpenAPI document): shares as fractions 0–1, the interval as [low, high], the verdict as a word.
import type { Locale } from '../i18n/index.ts';
import type { Index } from '../domain/indices.ts';
import type { AgencyResults, RuleFigure, ScoredIndex } from './service.ts';

export interface IndexJson {
  code: string;
  share: number | null;
  n: number;
  noOpinion: number;
  blank: number;
  interval: [number, number] | null;
  target: { comparator: '>' | '>='; threshold: number } | null;
  /** met | not-met | insufficient (below the minimum n) | no-target */
  verdict: 'met' | 'not-met' | 'insufficient' | 'no-target';
  /** For met / not-met: whether the whole interval lies on that side of the threshold. */
  clear: boolean | null;
  /** Below the part's minimum (minimums): "chưa đủ mẫu", left out of the index above it. */
  belowMinimum: boolean;
  /** The parts below their minimum that this index left out (empty for a criterion). */
  leftOutBelowMinimum: string[];
}

function indexJson(i: ScoredIndex): IndexJson {
  return {
    code: i.code,
    share: i.share,
    n: i.n,
    noOpinion: i.noOpinion,
    blank: i.blank,
    interval: i.interval,
    target: i.target,
    verdict: i.verdict.status,
    clear: i.verdict.status === 'met' || i.verdict.status === 'not-met' ? i.verdict.clear : null,
    belowMinimum: i.belowMinimum === true,
    leftOutBelowMinimum: i.tooFew ?? [],
  };
}

/** An overall index by a rule beside the official one: no target, no verdict (the official rule's only). */
function ruleJson(f: RuleFigure) {
  const o: Index = f.overall;
  return {
    rule: f.rule,
    official: f.official,
    share: o.share,
    n: o.n,
    interval: o.interval,
    ...(f.units
      ? {
          units: { counted: f.units.counted, leftOut: f.units.leftOut, ownResponses: f.units.ownResponses, noInterval: f.units.noInterval },
        }
      : {}),
  };
}

export function resultsJson(r: AgencyResults, locale: Locale, rules: RuleFigure[] = []) {
  return {
    agency: { code: r.agency.code, name: locale === 'en' ? (r.agency.name_en ?? r.agency.name_vi) : r.agency.name_vi },
    from: r.from,
    to: r.to,
    questionnaire: {
      code: r.questionnaire.code,
      version: r.questionnaire.version ?? r.questionnaire.definitionVersion,
      versionsPooled: r.questionnaire.version === null,
    },
    rule: r.questionnaire.rule,
    minN: r.minN,
    minimums: r.minimums,
    responses: r.responses,
    overall: indexJson(r.overall),
    elements: r.elements.map(indexJson),
    criteria: r.criteria.map(indexJson),
    rules: rules.map(ruleJson),
  };
}
