// Publishing a questionnaire definition as a new version, for `hailong questionnaire import` and
// the questionnaires page alike: read the JSON, list every error by its JSON path, check the index
// rule fits, then publish (audited by publishQuestionnaireVersion). Nothing is written on any error,
// and a published version never changes (invariant 3): a change is always the next version.
import type { Kysely } from 'kysely';
import { ensureBuiltInQuestionnaires, publishQuestionnaireVersion } from '../db/queries/questionnaires.ts';
import type { Database } from '../db/schema.ts';
import {
  indexRuleOf,
  indexRulesFor,
  parseQuestionnaire,
  type DefinitionError,
  type IndexRule,
  type QuestionnaireDefinition,
} from '../domain/questionnaire.ts';
import { readJson } from '../domain/questionnaire-json.ts';
import type { Actor } from './actor.ts';

export type CheckedDefinition =
  | { kind: 'bad-json'; line: number; column: number; reason: string }
  | { kind: 'invalid'; errors: DefinitionError[] }
  | { kind: 'bad-rule'; rule: string; allowed: IndexRule[] }
  | { kind: 'valid'; definition: QuestionnaireDefinition; rule: IndexRule };

/** Validates a definition's text without writing anything; `rule` empty or undefined takes the style's default. */
export function checkQuestionnaireText(text: string, rule?: string): CheckedDefinition {
  const json = readJson(text);
  if (!json.ok) return { kind: 'bad-json', line: json.line, column: json.column, reason: json.reason };
  const parsed = parseQuestionnaire(json.value);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
  const definition = parsed.definition;
  const allowed = indexRulesFor(definition);
  const chosen = rule || indexRuleOf(definition);
  if (!(allowed as string[]).includes(chosen)) return { kind: 'bad-rule', rule: chosen, allowed };
  return { kind: 'valid', definition, rule: chosen as IndexRule };
}

export type PublishedDefinition =
  CheckedDefinition | { kind: 'published'; code: string; version: number; versionId: number; unchanged: boolean };

/** Validates and publishes; the same content and rule as the latest version publishes nothing ('unchanged'). */
export async function publishQuestionnaireText(
  db: Kysely<Database>,
  actor: Actor,
  text: string,
  rule?: string,
): Promise<PublishedDefinition> {
  const checked = checkQuestionnaireText(text, rule);
  if (checked.kind !== 'valid') return checked;
  // The shipped version 1 comes first, so that an edited copy of it becomes version 2.
  await ensureBuiltInQuestionnaires(db);
  const result = await publishQuestionnaireVersion(db, checked.definition, {
    indexRule: checked.rule,
    publishedBy: actor.userId,
    actorLabel: actor.label,
  });
  return {
    kind: 'published',
    code: checked.definition.code,
    version: result.version,
    versionId: result.versionId,
    unchanged: result.unchanged,
  };
}
