// Vietnamese text folded for search, so that "cho lau" finds "Chờ lâu quá" and "thủ tục" finds
// "THU TUC": every Vietnamese letter to its base letter, đ to d, A–Z to a–z, nothing else changed.
// The database keeps a folded copy of each comment (response_comments.body_folded, a generated
// column using translate() with exactly these two strings, migrations/0010_follow_up.sql); the
// query is folded here with the same table, so both sides agree on PGlite and on a server.
// tests/domain/fold.test.ts checks the column against this function on both databases.

/** The letters folded, each followed by its capital, then A–Z (the migration's first string). */
export const FOLD_FROM =
  'àÀáÁảẢãÃạẠăĂằẰắẮẳẲẵẴặẶâÂầẦấẤẩẨẫẪậẬèÈéÉẻẺẽẼẹẸêÊềỀếẾểỂễỄệỆìÌíÍỉỈĩĨịỊòÒóÓỏỎõÕọỌôÔồỒốỐổỔỗỖộỘơƠờỜớỚởỞỡỠợỢùÙúÚủỦũŨụỤưƯừỪứỨửỬữỮựỰỳỲýÝỷỶỹỸỵỴđĐABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** What each becomes (the migration's second string). */
export const FOLD_TO =
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyyddabcdefghijklmnopqrstuvwxyz';

const TABLE = new Map<string, string>([...FOLD_FROM].map((c, i) => [c, FOLD_TO[i]!]));

/** Text folded as the database folds a stored (NFC) comment. */
export function foldText(s: string): string {
  let out = '';
  for (const c of s.normalize('NFC')) out += TABLE.get(c) ?? c;
  return out;
}

/** At most this many words are searched for; more add little and cost a scan each. */
export const MAX_SEARCH_WORDS = 8;

/** A search box's text as folded words, each of which must appear (in any order). */
export function searchWords(q: string): string[] {
  return foldText(q)
    .split(/\s+/u)
    .filter((w) => w !== '')
    .slice(0, MAX_SEARCH_WORDS);
}
