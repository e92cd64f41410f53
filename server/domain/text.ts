// Text is stored NFC (invariant 7), with control characters removed: a citizen's comment typed on a
// phone keyboard in decomposed form must compare and search equal to the same words typed elsewhere.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function cleanText(s: string): string {
  return s.normalize('NFC').replace(CONTROL, '').trim();
}

/** Text made safe inside XML or HTML markup, as element content or a quoted attribute value. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
