// What every chart shares: markup built only through el() and text(), so a caller's label cannot
// reach the page unescaped; the accessible root element; and a rough measure of text, since the
// server lays charts out without the browser's font metrics.
import { escapeXml } from '../domain/text.ts';

/** SVG markup that is safe to put in a page as it is. Plain strings must pass through text() first. */
export type Svg = string & { readonly __svg: true };

export type Attrs = Record<string, string | number | null | undefined | false>;

/** Coordinates to two decimals: sharp enough for any screen, and stable text for tests to compare. */
export function num(n: number): string {
  const r = Math.round(n * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

function attrText(a: Attrs): string {
  let s = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === null || v === undefined || v === false) continue;
    s += ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v)}"`;
  }
  return s;
}

export function el(tag: string, a: Attrs, ...children: Svg[]): Svg {
  const body = children.join('');
  return (body === '' ? `<${tag}${attrText(a)}/>` : `<${tag}${attrText(a)}>${body}</${tag}>`) as Svg;
}

/** Caller-given text as element content. */
export function text(s: string): Svg {
  return escapeXml(s) as Svg;
}

export const join = (parts: Svg[]): Svg => parts.join('') as Svg;

export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** A share worth drawing: a finite number, clamped to 0–1; anything else counts as no data. */
export function drawable(share: number | null | undefined): number | null {
  return typeof share === 'number' && Number.isFinite(share) ? clamp01(share) : null;
}

/** An interval worth drawing, ordered and clamped to 0–1 (a Wilson interval never leaves it, but a caller's might). */
export function drawableInterval(interval: readonly [number, number] | null | undefined): [number, number] | null {
  if (!interval || !interval.every((x) => Number.isFinite(x))) return null;
  const [a, b] = interval;
  return [clamp01(Math.min(a, b)), clamp01(Math.max(a, b))];
}

const FONT_SIZE = 14;

// Widths in em, measured on DejaVu Sans, the widest of the usual sans-serifs (and what a Linux
// browser falls back to); Segoe UI, Roboto and Arial are narrower, so text measured here fits there.
const NARROW = new Set([..." .,:;'|!()[]ijlIft/"]);
const WIDE = new Set([...'MWmw%@']);

function charWidth(c: string): number {
  if (NARROW.has(c)) return 0.36;
  if (WIDE.has(c)) return 1;
  if (c >= '0' && c <= '9') return 0.64;
  return c !== c.toLowerCase() ? 0.74 : 0.6;
}

/** A generous estimate of the width of a line of text: the server has no font metrics. */
export function textWidth(s: string, fontSize = FONT_SIZE): number {
  let em = 0;
  for (const c of s.normalize('NFC')) em += charWidth(c);
  return em * fontSize;
}

/** Words into lines no wider than maxWidth; a word longer than a line is cut. */
export function wrapText(s: string, maxWidth: number, fontSize = FONT_SIZE): string[] {
  const fits = (line: string) => textWidth(line, fontSize) <= maxWidth;
  const lines: string[] = [];
  let line = '';
  for (const word of s
    .normalize('NFC')
    .split(/\s+/)
    .filter((w) => w !== '')) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (fits(joined)) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const c of word) {
      if (line !== '' && !fits(line + c)) (lines.push(line), (line = ''));
      line += c;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** What every chart is called and how it is described to people who cannot see it. */
export interface ChartFrame {
  /** Unique on the page; the title and description ids derive from it ("<id>-title", "<id>-desc"). */
  id: string;
  /** The accessible name, e.g. "Chỉ số hài lòng theo yếu tố". */
  title: string;
  /** A sentence or two on what the chart shows; the data table after it carries the figures. */
  description: string;
  /** Extra classes on the <svg>, besides "chart". */
  className?: string;
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The <svg> element: sized by its viewBox only, so CSS makes it responsive; role="img" with its
 * name from <title> and its description from <desc>, so a screen reader announces one image rather
 * than every bar and tick, and moves on to the data table.
 */
export function chartRoot(frame: ChartFrame, width: number, height: number, kind: string, body: Svg): Svg {
  if (!ID.test(frame.id)) throw new Error(`chart id must be a plain identifier: ${JSON.stringify(frame.id)}`);
  const titleId = `${frame.id}-title`;
  const descId = `${frame.id}-desc`;
  const hasDesc = frame.description.trim() !== '';
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      id: frame.id,
      viewBox: `0 0 ${num(width)} ${num(height)}`,
      class: ['chart', `chart--${kind}`, frame.className].filter(Boolean).join(' '),
      role: 'img',
      'aria-labelledby': titleId,
      'aria-describedby': hasDesc ? descId : null,
      'font-size': FONT_SIZE,
    },
    el('title', { id: titleId }, text(frame.title)),
    hasDesc ? el('desc', { id: descId }, text(frame.description)) : ('' as Svg),
    body,
  );
}

/** Text lines centred vertically on y, one <tspan> per line. */
export function textLines(lines: string[], x: number, y: number, a: Attrs, lineHeight: number): Svg {
  const first = y - ((lines.length - 1) * lineHeight) / 2;
  if (lines.length === 1) return el('text', { ...a, x, y: first, dy: '0.35em' }, text(lines[0]!));
  return el('text', a, ...lines.map((l, i) => el('tspan', { x, y: first + i * lineHeight, dy: '0.35em' }, text(l))));
}

/** A target threshold drawn across the plot, dashed and labelled so it is not told by colour alone. */
export interface TargetLine {
  /** 0–1. */
  threshold: number;
  /** Already worded and formatted by the caller, e.g. "Chỉ tiêu > 80%". */
  label: string;
}

/** The default tick label: whole percent, which reads the same in Vietnamese and English. */
export const wholePercent = (share: number): string => `${Math.round(share * 100)}%`;

export const PERCENT_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
