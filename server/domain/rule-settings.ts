// The province's index rule (issue 16, points 2 and 5): which documented rule is official for the
// province's figures and verdicts, and the minimum sample of each part. Stored as one JSON setting
// per province (`results.rule.<province id>`), edited by its coordinator on /admin/results/rule;
// readers fall back to the defaults on anything malformed, as every setting does.
import { z } from 'zod';
import type { IndexRule } from '../db/schema.ts';
import { NO_MINIMUMS, type Minimums } from './indices.ts';
import { indexRulesFor, type QuestionnaireDefinition } from './questionnaire.ts';

export interface RuleSettings {
  /** The official rule for SIPAS-style questionnaires; null: each version's own rule (the default). */
  rule: IndexRule | null;
  minimums: Minimums;
}

/**
 * No official rule of the province's own (each version's, criterion mean for SIPAS 2017) and no
 * minimums beyond "has valid answers": the figures published before issue 16. A province turns
 * the minimums on from its settings page (decision 60).
 */
export const DEFAULT_RULE_SETTINGS: RuleSettings = { rule: null, minimums: NO_MINIMUMS };

/** The rules a province may make official: those of a SIPAS-style questionnaire. */
export const OFFICIAL_RULES = ['criterion-mean', 'pooled-share', 'element-question', 'overall-question', 'mean-score'] as const;

/** The largest minimum a form accepts: more respondents than a province's year ever has. */
export const MAX_MINIMUM = 100_000;

const minimum = z.number().int().min(1).max(MAX_MINIMUM);
const Stored = z.object({
  rule: z.enum(OFFICIAL_RULES).nullable(),
  minimums: z.object({ criterion: minimum, element: minimum, overall: minimum }),
});

export function parseRuleSettings(value: unknown): RuleSettings {
  const r = Stored.safeParse(value);
  return r.success ? r.data : DEFAULT_RULE_SETTINGS;
}

/** The setting's key of a province (a root of the agency tree). */
export const ruleSettingKey = (provinceId: number): string => `results.rule.${provinceId}`;

/**
 * The rule a questionnaire's figures are read with: the province's official rule where the
 * questionnaire can be computed by it (SIPAS-style), else the version's own.
 */
export function readingRule(settings: RuleSettings, def: QuestionnaireDefinition, versionRule: IndexRule): IndexRule {
  return settings.rule !== null && indexRulesFor(def).includes(settings.rule) ? settings.rule : versionRule;
}
