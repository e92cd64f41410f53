// The report's two charts, drawn with pdfkit's vector primitives so they stay sharp in print: the
// element bars (share, 95% interval whiskers, target mark) and the twelve-month line. Each is
// followed in the report by a table of the same figures; the chart is never their only carrier.
import { BAR, BOLD, INK, MUTED, REGULAR, RULE, TARGET, type Layout } from './pdf-layout.ts';

export interface Bar {
  label: string;
  share: number | null;
  interval: [number, number] | null;
  target: number | null;
  /** The share as printed beside the bar. */
  value: string;
}

const clamp = (v: number) => Math.max(0, Math.min(1, v));

/** A dashed mark and its words under a chart: what the target line is ("Chỉ tiêu chung > 80%"). */
function legend(layout: Layout, x: number, y: number, text: string): void {
  const doc = layout.doc;
  doc
    .moveTo(x, y + 4)
    .lineTo(x + 16, y + 4)
    .dash(2, { space: 1.5 })
    .lineWidth(1.2)
    .strokeColor(TARGET)
    .stroke()
    .undash();
  doc
    .font(REGULAR)
    .fontSize(7)
    .fillColor(INK)
    .text(text, x + 20, y, { width: layout.width - (x - layout.left) - 20, lineBreak: false });
}

/**
 * Horizontal bars on a 0–100% axis. `target` is drawn across every row when the elements have no
 * targets of their own (the agency's overall target, as on the agency page), with its legend.
 */
export function barChart(
  layout: Layout,
  bars: Bar[],
  tick: (v: number) => string,
  common: { threshold: number; label: string } | null,
): void {
  const doc = layout.doc;
  const rowH = 24;
  const barH = 10;
  const axisH = common ? 28 : 14;
  const height = bars.length * rowH + axisH;
  layout.ensure(height + 8);
  const top = doc.y;
  const left = layout.left;
  const labelW = layout.width * 0.34;
  const valueW = 44;
  const x0 = left + labelW + 6;
  const plotW = layout.width - labelW - 6 - valueW - 6;
  const xOf = (v: number) => x0 + clamp(v) * plotW;
  const plotBottom = top + bars.length * rowH;

  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    doc.moveTo(xOf(v), top).lineTo(xOf(v), plotBottom).lineWidth(0.4).strokeColor(RULE).stroke();
    doc
      .font(REGULAR)
      .fontSize(6.5)
      .fillColor(MUTED)
      .text(tick(v), xOf(v) - 20, plotBottom + 3, { width: 40, align: 'center', lineBreak: false });
  }

  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const cy = y + rowH / 2;
    doc
      .font(REGULAR)
      .fontSize(7.5)
      .fillColor(INK)
      .text(b.label, left, y + 3, { width: labelW, height: rowH - 4, ellipsis: true });
    if (b.share !== null) doc.rect(x0, cy - barH / 2, Math.max(0.5, xOf(b.share) - x0), barH).fill(BAR);
    if (b.interval) {
      const [lo, hi] = b.interval.map(xOf) as [number, number];
      doc.moveTo(lo, cy).lineTo(hi, cy).lineWidth(0.9).strokeColor(INK).stroke();
      for (const x of [lo, hi])
        doc
          .moveTo(x, cy - 3)
          .lineTo(x, cy + 3)
          .lineWidth(0.9)
          .strokeColor(INK)
          .stroke();
    }
    if (b.target !== null) {
      doc
        .moveTo(xOf(b.target), y + 1)
        .lineTo(xOf(b.target), y + rowH - 1)
        .dash(2, { space: 1.5 })
        .lineWidth(1.2)
        .strokeColor(TARGET)
        .stroke()
        .undash();
    }
    doc
      .font(BOLD)
      .fontSize(8)
      .fillColor(INK)
      .text(b.value, x0 + plotW + 6, cy - 5, { width: valueW, align: 'right', lineBreak: false });
  });
  if (common) {
    doc
      .moveTo(xOf(common.threshold), top)
      .lineTo(xOf(common.threshold), plotBottom)
      .dash(3, { space: 2 })
      .lineWidth(1.2)
      .strokeColor(TARGET)
      .stroke()
      .undash();
    legend(layout, x0, plotBottom + 16, common.label);
  }
  doc.x = left;
  doc.y = top + height + 8;
  layout.body();
}

export interface Point {
  /** The month under the axis: "03/2026". */
  label: string;
  share: number | null;
  interval: [number, number] | null;
}

export function lineChart(
  layout: Layout,
  points: Point[],
  target: { threshold: number; label: string } | null,
  tick: (v: number) => string,
): void {
  const doc = layout.doc;
  const height = target ? 174 : 160;
  layout.ensure(height + 8);
  const top = doc.y;
  const left = layout.left;
  const axisW = 34;
  const x0 = left + axisW;
  const plotW = layout.width - axisW - 4;
  const plotTop = top + 4;
  const plotBottom = top + 142;

  // The axis starts at 50% or lower, so that small differences near the top do not look large.
  const values = points.flatMap((p) => [p.share, ...(p.interval ?? [])]).filter((v): v is number => v !== null);
  if (target) values.push(target.threshold);
  const lo = values.length > 0 ? Math.max(0, Math.min(0.5, Math.floor(Math.min(...values) * 10) / 10)) : 0;
  const yOf = (v: number) => plotBottom - ((clamp(v) - lo) / (1 - lo)) * (plotBottom - plotTop);
  const slot = plotW / Math.max(1, points.length);
  const xOf = (i: number) => x0 + slot * (i + 0.5);

  const step = 1 - lo > 0.5 ? 0.2 : 0.1;
  for (let v = 1; v >= lo - 1e-9; v = Math.round((v - step) * 10) / 10) {
    doc
      .moveTo(x0, yOf(v))
      .lineTo(x0 + plotW, yOf(v))
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    doc
      .font(REGULAR)
      .fontSize(6.5)
      .fillColor(MUTED)
      .text(tick(v), left, yOf(v) - 3.5, { width: axisW - 4, align: 'right', lineBreak: false });
  }
  if (target) {
    doc
      .moveTo(x0, yOf(target.threshold))
      .lineTo(x0 + plotW, yOf(target.threshold))
      .dash(3, { space: 2 })
      .lineWidth(1)
      .strokeColor(TARGET)
      .stroke()
      .undash();
    legend(layout, x0, plotBottom + 18, target.label);
  }
  points.forEach((p, i) => {
    if (p.interval) {
      doc.moveTo(xOf(i), yOf(p.interval[0])).lineTo(xOf(i), yOf(p.interval[1])).lineWidth(0.8).strokeColor(MUTED).stroke();
    }
    doc
      .font(REGULAR)
      .fontSize(6.5)
      .fillColor(MUTED)
      .text(p.label, xOf(i) - slot / 2, plotBottom + 4, { width: slot, align: 'center', lineBreak: false });
  });
  // The line joins consecutive months that have a figure; a month without one leaves a gap.
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!.share;
    const b = points[i]!.share;
    if (a !== null && b !== null)
      doc
        .moveTo(xOf(i - 1), yOf(a))
        .lineTo(xOf(i), yOf(b))
        .lineWidth(1.6)
        .strokeColor(BAR)
        .stroke();
  }
  points.forEach((p, i) => {
    if (p.share !== null) doc.circle(xOf(i), yOf(p.share), 2.4).fill(BAR);
  });
  doc.x = left;
  doc.y = top + height + 8;
  layout.body();
}
