// Text is stored NFC (invariant 7), with control characters removed: a citizen's comment typed on a
// phone keyboard in decomposed form must compare and search equal to the same words typed elsewhere.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

// Half of a surrogate pair cannot be stored (PostgreSQL refuses it): the Unicode replacement
// character stands in for it, as a decoder does for a broken byte.
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(s: string): string {
  return s.normalize('NFC').replace(CONTROL, '').replace(LONE_SURROGATES, '\uFFFD').trim();
}

// What no input may carry, anywhere (issue 11): NUL and the other control characters, and half of
// a UTF-16 surrogate pair (a client that cut an emoji in two). PostgreSQL refuses both (22021,
// 22P02), so they are refused at the door with a clear message rather than as a 500 from the
// database. Free text keeps tab and line breaks; a path, a query value or a cookie has no use for
// them. Header values arrive decoded as Latin-1, where UTF-8 bytes 0x80–0x9F look like C1 controls,
// so only C0 and DEL count there.
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_IN_HEADER = /[\u0000-\u0008\u000A-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type TextFault = 'control' | 'surrogate';
/** text: a form or JSON value (tab, CR, LF allowed); line: a path, query value or cookie; header: a header value. */
export type TextContext = 'text' | 'line' | 'header';

/** Why a string cannot be accepted, or null when it can. */
export function textFault(s: string, context: TextContext = 'text'): TextFault | null {
  const control = context === 'text' ? CONTROL_IN_TEXT : context === 'line' ? CONTROL_IN_LINE : CONTROL_IN_HEADER;
  if (control.test(s)) return 'control';
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  return null;
}

/** Text made safe inside XML or HTML markup, as element content or a quoted attribute value. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
