// Checks of demo responses. answerProblems holds stored answers against their questionnaire's
// question list: known codes only, allowed values only, multi answers within their maximum,
// conditional questions only when their condition holds, free text never among the coded answers.
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { findQuestionnaireVersionById } from '../../server/db/queries/questionnaires.ts';
import { parseQuestionnaire, questionList, type QuestionItem } from '../../server/domain/questionnaire.ts';
import { contentHash, contentOfStored } from '../../server/domain/response-content.ts';

const SCALE_KINDS = new Set(['criterion', 'element-satisfaction', 'overall', 'scale']);

export function answerProblems(items: readonly QuestionItem[], answers: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const byCode = new Map(items.map((q) => [q.code, q]));
  for (const [code, value] of Object.entries(answers)) {
    const q = byCode.get(code);
    if (!q) {
      problems.push(`${code}: not a question of this questionnaire`);
      continue;
    }
    const allowed = q.options.map((o) => o.value);
    if (q.kind === 'text') problems.push(`${code}: free text belongs in response_comments`);
    else if (SCALE_KINDS.has(q.kind)) {
      if (!(typeof value === 'number' && (allowed.includes(value) || q.noOpinion?.value === value)))
        problems.push(`${code}: ${JSON.stringify(value)} is not on its scale`);
    } else if (q.kind === 'applicability' || q.kind === 'single') {
      if (!allowed.includes(value as string | number)) problems.push(`${code}: ${JSON.stringify(value)} is not an option`);
    } else if (q.kind === 'multi') {
      if (!Array.isArray(value) || value.length === 0) problems.push(`${code}: a multi answer is a non-empty list`);
      else {
        if (new Set(value).size !== value.length) problems.push(`${code}: repeated option`);
        if (q.max !== null && value.length > q.max) problems.push(`${code}: ${value.length} options, at most ${q.max}`);
        for (const v of value) if (!allowed.includes(v as string | number)) problems.push(`${code}: ${JSON.stringify(v)} is not an option`);
      }
    }
    if (q.condition && !q.condition.in.some((v) => v === answers[q.condition!.question])) {
      problems.push(`${code}: answered although ${q.condition.question} is ${JSON.stringify(answers[q.condition.question])}`);
    }
  }
  return problems;
}

/** The SIPAS default rule (criterion-mean): mean over elements of the mean of their criterion shares. */
export function criterionMean(items: readonly QuestionItem[], answersList: readonly Record<string, unknown>[]): number {
  const perElement = new Map<string, number[]>();
  for (const q of items) {
    if (q.kind !== 'criterion') continue;
    let satisfied = 0;
    let n = 0;
    for (const a of answersList) {
      const v = a[q.code];
      if (typeof v !== 'number' || v === q.noOpinion?.value) continue;
      n++;
      if (q.satisfied.includes(v)) satisfied++;
    }
    if (n > 0) perElement.set(q.element!, [...(perElement.get(q.element!) ?? []), satisfied / n]);
  }
  const elements = [...perElement.values()].map((s) => s.reduce((a, b) => a + b, 0) / s.length);
  return elements.reduce((a, b) => a + b, 0) / elements.length;
}

/** Share of satisfied answers to one scale question among its answers. */
export function questionShare(items: readonly QuestionItem[], code: string, answersList: readonly Record<string, unknown>[]): number {
  const q = items.find((i) => i.code === code)!;
  const answered = answersList.map((a) => a[code]).filter((v): v is number => typeof v === 'number' && v !== q.noOpinion?.value);
  return answered.filter((v) => q.satisfied.includes(v)).length / answered.length;
}

export interface StoredDemoFindings {
  responses: number;
  sipas: number;
  quick: number;
  problems: string[];
  badHashes: number;
  badProvinces: number;
  /** Responses of a former Ninh Thuận unit on or after 1/7/2025, Viet Nam time. */
  formerAfterMerger: number;
  /** Responses of a unit born of the merger before 1/7/2025. */
  mergedBeforeMerger: number;
  formerResponses: number;
  sipasIndex: number;
  quickIndex: number;
}

const MERGER = new Date('2025-07-01T00:00:00+07:00');

/** Reads every response of the database back and checks it against its definition, hash and dates. */
export async function checkStoredResponses(db: Kysely<Database>): Promise<StoredDemoFindings> {
  const agencies = new Map((await db.selectFrom('agencies').selectAll().execute()).map((a) => [a.id, a]));
  const nth = [...agencies.values()].find((a) => a.code === 'NTH')!;
  const rows = await db.selectFrom('responses').selectAll().execute();
  const comments = new Map(
    (await db.selectFrom('response_comments').select(['response_id', 'body']).execute()).map((c) => [c.response_id, c.body]),
  );
  const versions = new Map<number, { code: string; items: readonly QuestionItem[] }>();
  for (const id of new Set(rows.map((r) => r.questionnaire_version_id))) {
    const v = (await findQuestionnaireVersionById(db, id))!;
    const parsed = parseQuestionnaire(v.definition);
    if (!parsed.ok) throw new Error(`stored definition ${v.code} does not parse`);
    versions.set(id, { code: v.code, items: questionList(parsed.definition) });
  }
  const f: StoredDemoFindings = {
    responses: rows.length,
    sipas: 0,
    quick: 0,
    problems: [],
    badHashes: 0,
    badProvinces: 0,
    formerAfterMerger: 0,
    mergedBeforeMerger: 0,
    formerResponses: 0,
    sipasIndex: Number.NaN,
    quickIndex: Number.NaN,
  };
  const valid: Record<string, Record<string, unknown>[]> = { 'sipas-2017': [], 'counter-quick': [] };
  for (const r of rows) {
    const v = versions.get(r.questionnaire_version_id)!;
    if (v.code === 'sipas-2017') f.sipas++;
    if (v.code === 'counter-quick') f.quick++;
    for (const p of answerProblems(v.items, r.answers)) f.problems.push(`${r.id} ${p}`);
    if (contentHash(contentOfStored(r, comments.get(r.id) ?? null)) !== r.content_hash) f.badHashes++;
    const agency = agencies.get(r.agency_id)!;
    if (r.province_id !== agency.province_id) f.badProvinces++;
    if (agency.path.startsWith(nth.path)) {
      f.formerResponses++;
      if (r.submitted_at >= MERGER) f.formerAfterMerger++;
    }
    if (agency.valid_from === '2025-07-01' && r.submitted_at < MERGER) f.mergedBeforeMerger++;
    if (r.status === 'valid') valid[v.code]?.push(r.answers);
  }
  const itemsOf = (code: string) => [...versions.values()].find((v) => v.code === code)!.items;
  f.sipasIndex = criterionMean(itemsOf('sipas-2017'), valid['sipas-2017']!);
  f.quickIndex = questionShare(itemsOf('counter-quick'), 'Q.OVERALL', valid['counter-quick']!);
  return f;
}
