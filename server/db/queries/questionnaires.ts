// Questionnaires and their published versions. A version, once published, never changes (invariant 3;
// the database refuses updates too): a change is a new version, numbered after the latest.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, IndexRule } from '../schema.ts';
import {
  indexRuleOf,
  indexRulesFor,
  parseQuestionnaire,
  sameDefinition,
  type QuestionnaireDefinition,
} from '../../domain/questionnaire.ts';
import { audit } from './audit.ts';
import { forgetLookups } from '../lookup-cache.ts';

type Db = Kysely<Database> | Transaction<Database>;

const BUILT_IN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'content', 'questionnaires');

export class IndexRuleMismatchError extends Error {
  constructor(
    readonly rule: IndexRule,
    readonly allowed: IndexRule[],
  ) {
    super(`index rule ${rule} does not fit this questionnaire; it can use ${allowed.join(', ')}`);
    this.name = 'IndexRuleMismatchError';
  }
}

export interface PublishOptions {
  publishedBy?: number | null;
  indexRule?: IndexRule;
  /** Who published, for the audit log, when there is no user: 'cli' or 'system'. */
  actorLabel?: string | null;
}

export interface PublishResult {
  questionnaireId: number;
  versionId: number;
  version: number;
  /** True when the latest version already had this content and rule: nothing was published. */
  unchanged: boolean;
}

export async function publishQuestionnaireVersion(
  db: Db,
  definition: QuestionnaireDefinition,
  opts: PublishOptions = {},
): Promise<PublishResult> {
  const rule = opts.indexRule ?? indexRuleOf(definition);
  const allowed = indexRulesFor(definition);
  if (!allowed.includes(rule)) throw new IndexRuleMismatchError(rule, allowed);

  return inTransaction(db, async (trx) => {
    await trx
      .insertInto('questionnaires')
      .values({ code: definition.code, title_vi: definition.title.vi, title_en: definition.title.en ?? null })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    // The row lock makes concurrent publishers of one questionnaire take version numbers in turn.
    const q = await trx.selectFrom('questionnaires').selectAll().where('code', '=', definition.code).forUpdate().executeTakeFirstOrThrow();
    const latest = await trx
      .selectFrom('questionnaire_versions')
      .select(['id', 'version', 'definition', 'index_rule'])
      .where('questionnaire_id', '=', q.id)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest && latest.index_rule === rule && sameDefinition(latest.definition as QuestionnaireDefinition, definition)) {
      return { questionnaireId: q.id, versionId: latest.id, version: latest.version, unchanged: true };
    }

    const version = (latest?.version ?? 0) + 1;
    const stored: QuestionnaireDefinition = { ...definition, version };
    const inserted = await trx
      .insertInto('questionnaire_versions')
      .values({
        questionnaire_id: q.id,
        version,
        definition: JSON.stringify(stored),
        index_rule: rule,
        published_by: opts.publishedBy ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The questionnaire is listed under the title of its newest version.
    if (q.title_vi !== definition.title.vi || q.title_en !== (definition.title.en ?? null)) {
      await trx
        .updateTable('questionnaires')
        .set({ title_vi: definition.title.vi, title_en: definition.title.en ?? null })
        .where('id', '=', q.id)
        .execute();
    }
    await audit(trx, {
      action: 'questionnaire.publish',
      actorUserId: opts.publishedBy ?? null,
      actorLabel: opts.actorLabel ?? null,
      details: { code: definition.code, version, versionId: inserted.id, indexRule: rule },
    });
    forgetLookups();
    return { questionnaireId: q.id, versionId: inserted.id, version, unchanged: false };
  });
}

/** The questionnaires shipped in content/questionnaires/, validated. A broken file there is a bug. */
export function builtInDefinitions(dir = BUILT_IN_DIR): QuestionnaireDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = parseQuestionnaire(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      if (!parsed.ok) {
        throw new Error(`built-in questionnaire ${f} is invalid:\n${parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
      }
      return parsed.definition;
    });
}

/**
 * Publishes each built-in questionnaire whose code the database does not know yet, as version 1.
 * Runs at every start; a questionnaire an administrator has since changed is left alone.
 */
export async function ensureBuiltInQuestionnaires(db: Db): Promise<void> {
  for (const definition of builtInDefinitions()) {
    const known = await db.selectFrom('questionnaires').select('id').where('code', '=', definition.code).executeTakeFirst();
    if (!known) await publishQuestionnaireVersion(db, definition, { actorLabel: 'system' });
  }
}

export interface PublishedVersion {
  questionnaireId: number;
  code: string;
  titleVi: string;
  titleEn: string | null;
  versionId: number;
  version: number;
  definition: QuestionnaireDefinition;
  indexRule: IndexRule;
  publishedAt: Date;
  publishedBy: number | null;
}

function versionQuery(db: Db) {
  return db
    .selectFrom('questionnaire_versions as v')
    .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .select([
      'q.id as questionnaireId',
      'q.code',
      'q.title_vi as titleVi',
      'q.title_en as titleEn',
      'v.id as versionId',
      'v.version',
      'v.definition',
      'v.index_rule as indexRule',
      'v.published_at as publishedAt',
      'v.published_by as publishedBy',
    ]);
}

// Stored definitions were validated when published and cannot change since.
const asPublished = (row: Omit<PublishedVersion, 'definition'> & { definition: unknown }): PublishedVersion => ({
  ...row,
  definition: row.definition as QuestionnaireDefinition,
});

/** A published version by questionnaire code; the latest when no version number is given. */
export async function findQuestionnaireVersion(db: Db, code: string, version?: number): Promise<PublishedVersion | undefined> {
  let q = versionQuery(db).where('q.code', '=', code);
  q = version === undefined ? q.orderBy('v.version', 'desc').limit(1) : q.where('v.version', '=', version);
  const row = await q.executeTakeFirst();
  return row && asPublished(row);
}

/** The version a response or campaign points at. */
export async function findQuestionnaireVersionById(db: Db, versionId: number): Promise<PublishedVersion | undefined> {
  const row = await versionQuery(db).where('v.id', '=', versionId).executeTakeFirst();
  return row && asPublished(row);
}

export interface QuestionnaireSummary {
  id: number;
  code: string;
  titleVi: string;
  titleEn: string | null;
  versions: number;
  latestVersion: number | null;
  latestVersionId: number | null;
  latestPublishedAt: Date | null;
  latestIndexRule: IndexRule | null;
}

export async function listQuestionnaires(db: Db): Promise<QuestionnaireSummary[]> {
  const rows = await db
    .selectFrom('questionnaires as q')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('questionnaire_versions')
          .distinctOn('questionnaire_id')
          .select(['questionnaire_id', 'id', 'version', 'published_at', 'index_rule'])
          .orderBy('questionnaire_id')
          .orderBy('version', 'desc')
          .as('latest'),
      (join) => join.onRef('latest.questionnaire_id', '=', 'q.id'),
    )
    .select([
      'q.id',
      'q.code',
      'q.title_vi as titleVi',
      'q.title_en as titleEn',
      'latest.id as latestVersionId',
      'latest.version as latestVersion',
      'latest.published_at as latestPublishedAt',
      'latest.index_rule as latestIndexRule',
      sql<number>`(select count(*) from questionnaire_versions c where c.questionnaire_id = q.id)`.as('versions'),
    ])
    .orderBy('q.code')
    .execute();
  return rows.map((r) => ({ ...r, versions: Number(r.versions) }));
}

export interface VersionSummary {
  versionId: number;
  version: number;
  indexRule: IndexRule;
  publishedAt: Date;
  publishedBy: number | null;
}

/** Every published version of a questionnaire, newest first. */
export async function listQuestionnaireVersions(db: Db, code: string): Promise<VersionSummary[]> {
  return db
    .selectFrom('questionnaire_versions as v')
    .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .where('q.code', '=', code)
    .select([
      'v.id as versionId',
      'v.version',
      'v.index_rule as indexRule',
      'v.published_at as publishedAt',
      'v.published_by as publishedBy',
    ])
    .orderBy('v.version', 'desc')
    .execute();
}

function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}
