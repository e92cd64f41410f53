// What changed between two versions of a questionnaire, question by question (issue 13, point 5):
// added, removed or changed, and for a changed one which of its parts — the text in Vietnamese or
// English, the answers offered (each option's labels), its kind, scale, condition or whether it is
// optional. The questionnaires page shows it side by side; the rule is pure so it is tested alone.
import { questionList, type AnswerOption, type QuestionItem, type QuestionnaireDefinition } from './questionnaire.ts';

export type QuestionChange = 'text-vi' | 'text-en' | 'options' | 'kind' | 'scale' | 'condition' | 'optional';
export type RowStatus = 'added' | 'removed' | 'changed' | 'same';

export interface DiffRow {
  code: string;
  status: RowStatus;
  before: QuestionItem | null;
  after: QuestionItem | null;
  changes: QuestionChange[];
  /** Option values present only before, only after, or with other labels. */
  options: { removed: string[]; added: string[]; relabelled: string[] };
}

export interface QuestionnaireDiff {
  titleChanged: { vi: boolean; en: boolean };
  rows: DiffRow[];
  counts: Record<RowStatus, number>;
}

const optionsOf = (q: QuestionItem): AnswerOption[] => [...q.options, ...(q.noOpinion ? [q.noOpinion] : [])];

function compareOptions(a: QuestionItem, b: QuestionItem): DiffRow['options'] {
  const before = new Map(optionsOf(a).map((o) => [String(o.value), o]));
  const after = new Map(optionsOf(b).map((o) => [String(o.value), o]));
  return {
    removed: [...before.keys()].filter((v) => !after.has(v)),
    added: [...after.keys()].filter((v) => !before.has(v)),
    relabelled: [...before.entries()]
      .filter(([v, o]) => {
        const n = after.get(v);
        return n !== undefined && (n.vi !== o.vi || (n.en ?? '') !== (o.en ?? ''));
      })
      .map(([v]) => v),
  };
}

function changesOf(a: QuestionItem, b: QuestionItem, options: DiffRow['options']): QuestionChange[] {
  const changes: QuestionChange[] = [];
  if (a.text.vi !== b.text.vi) changes.push('text-vi');
  if ((a.text.en ?? '') !== (b.text.en ?? '')) changes.push('text-en');
  const order = (q: QuestionItem) =>
    optionsOf(q)
      .map((o) => String(o.value))
      .join('|');
  if (options.added.length + options.removed.length + options.relabelled.length > 0 || order(a) !== order(b)) changes.push('options');
  if (a.kind !== b.kind) changes.push('kind');
  if (a.scale !== b.scale) changes.push('scale');
  if (JSON.stringify(a.condition) !== JSON.stringify(b.condition)) changes.push('condition');
  if (a.optional !== b.optional) changes.push('optional');
  return changes;
}

/** The questions of both versions in the newer one's order, the removed ones where they stood. */
export function diffDefinitions(before: QuestionnaireDefinition, after: QuestionnaireDefinition): QuestionnaireDiff {
  const a = questionList(before);
  const b = questionList(after);
  const aBy = new Map(a.map((q) => [q.code, q]));
  const bBy = new Map(b.map((q) => [q.code, q]));
  const rows: DiffRow[] = [];
  const none = { removed: [], added: [], relabelled: [] };
  // Walk the newer list; a removed question is placed before the first later question it preceded.
  let ai = 0;
  const flushRemoved = (until: string | null) => {
    while (ai < a.length && a[ai]!.code !== until) {
      const q = a[ai]!;
      if (!bBy.has(q.code)) rows.push({ code: q.code, status: 'removed', before: q, after: null, changes: [], options: none });
      ai++;
    }
    if (ai < a.length) ai++;
  };
  for (const q of b) {
    const old = aBy.get(q.code);
    if (!old) {
      rows.push({ code: q.code, status: 'added', before: null, after: q, changes: [], options: none });
      continue;
    }
    flushRemoved(q.code);
    const options = compareOptions(old, q);
    const changes = changesOf(old, q, options);
    rows.push({ code: q.code, status: changes.length > 0 ? 'changed' : 'same', before: old, after: q, changes, options });
  }
  flushRemoved(null);
  const counts: Record<RowStatus, number> = { added: 0, removed: 0, changed: 0, same: 0 };
  for (const r of rows) counts[r.status]++;
  return {
    titleChanged: { vi: before.title.vi !== after.title.vi, en: (before.title.en ?? '') !== (after.title.en ?? '') },
    rows,
    counts,
  };
}
