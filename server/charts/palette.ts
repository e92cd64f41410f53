// Chart colours, as presentation attributes (the CSP forbids style attributes). Every mark that
// carries data has at least 3:1 against the white page (WCAG 1.4.11) and every text 4.5:1 against
// what it sits on (1.4.3); tests/charts/palette.test.ts checks both. Nothing is told by colour
// alone: bars carry their value as text, the target line is dashed and labelled, heat cells carry
// their count.
export const PAGE = '#ffffff';
export const INK = '#1b1b1b';
export const MUTED = '#505a5f';
/** Bars, the trend line and its markers. */
export const MARK = '#1d4fa0';
/** The interval band behind the trend line: context, not data the reader must pick out from the page. */
export const BAND = '#c9d9f0';
/** The empty part of a share bar: context only. */
export const TRACK = '#f3f2f1';
export const GRID = '#d8dadb';
export const TARGET = '#b0181e';
/** Drawn under whiskers and the target line so they stay visible where they cross a bar. */
export const HALO = '#ffffff';

/** Heat-map steps, lightest (no responses) to darkest, each with a text colour readable on it. */
export const HEAT_STEPS: readonly { fill: string; ink: string }[] = [
  { fill: '#ffffff', ink: MUTED },
  { fill: '#deebf7', ink: INK },
  { fill: '#9ecae1', ink: INK },
  { fill: '#4f9bcf', ink: INK },
  { fill: '#2166a8', ink: '#ffffff' },
  { fill: '#08306b', ink: '#ffffff' },
];

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two #rrggbb colours, 1–21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
