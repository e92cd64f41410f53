// The page furniture of the PDF report: an A4 document with DejaVu Sans embedded (the standard PDF
// fonts have no Vietnamese glyphs), headings, paragraphs, label–value lists and tables whose
// header row is repeated on every page they run onto, and the running footer with page numbers.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

export type Doc = PDFKit.PDFDocument;

// From the npm package, resolved like a module so it is found wherever `npm ci` put it.
const require = createRequire(import.meta.url);
let dejaVu: { regular: Buffer; bold: Buffer } | null = null;
function fonts(): { regular: Buffer; bold: Buffer } {
  dejaVu ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return dejaVu;
}

export const REGULAR = 'DejaVuSans';
export const BOLD = 'DejaVuSans-Bold';
export const INK = '#1b1b1b';
export const MUTED = '#555555';
export const RULE = '#b8b8b8';
const SHADE = '#eef1f5';
export const BAR = '#2f6db5';
export const TARGET = '#b3261e';

const MARGINS = { top: 56, bottom: 64, left: 56, right: 56 };
const BODY_SIZE = 9.5;

export function newDocument(info: { title: string; author: string; subject: string; creationDate: Date; lang: string }): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    lang: info.lang,
    displayTitle: true,
    info: { Title: info.title, Author: info.author, Subject: info.subject, Creator: info.author, CreationDate: info.creationDate },
  });
  const f = fonts();
  doc.registerFont(REGULAR, f.regular);
  doc.registerFont(BOLD, f.bold);
  doc.font(REGULAR).fontSize(BODY_SIZE).fillColor(INK);
  return doc;
}

// C0 and C1 controls (except the line break), and the bidirectional overrides that could make a
// comment display as something other than what was written.
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/**
 * A citizen's (or anyone's) text made safe to lay out: Unicode NFC (DejaVu has the precomposed
 * Vietnamese letters), no control characters, at most three line breaks in a row, and at most
 * `max` characters. pdfkit draws it as glyphs only: nothing in it becomes a link or an action.
 */
export function plainText(s: string, max = 2000): string {
  const clean = s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chars = [...clean];
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : clean;
}

export interface Column {
  header: string;
  /** A fraction of the text width; the fractions of a table add up to 1. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export class Layout {
  constructor(readonly doc: Doc) {}

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  newPage(): void {
    this.doc.addPage();
    this.body();
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  body(size = BODY_SIZE, color = INK): Doc {
    return this.doc.font(REGULAR).fontSize(size).fillColor(color);
  }

  heading(text: string): void {
    this.ensure(90);
    this.doc.moveDown(0.6);
    this.doc.outline.addItem(text);
    this.doc.font(BOLD).fontSize(14).fillColor(INK).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.4);
    this.body();
  }

  subheading(text: string): void {
    this.ensure(60);
    this.doc.moveDown(0.5);
    this.doc.font(BOLD).fontSize(11).fillColor(INK).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
    this.body();
  }

  paragraph(text: string, opts: { size?: number; color?: string; bold?: boolean } = {}): void {
    const doc = this.body(opts.size, opts.color);
    if (opts.bold) doc.font(BOLD);
    // A short paragraph is not split across pages (nor left alone at the top of one by a split).
    const h = doc.heightOfString(text, { width: this.width });
    if (h < 120) this.ensure(h);
    doc.text(text, this.left, doc.y, { width: this.width });
    doc.moveDown(0.4);
    this.body();
  }

  /** Label–value pairs, the labels in a column of their own. */
  facts(rows: [string, string][], opts: { labelWidth?: number; size?: number; values?: 'bold' | 'regular' } = {}): void {
    const doc = this.doc;
    const size = opts.size ?? BODY_SIZE;
    const valueFont = opts.values === 'regular' ? REGULAR : BOLD;
    const labelWidth = this.width * (opts.labelWidth ?? 0.34);
    const valueWidth = this.width - labelWidth - 8;
    for (const [label, value] of rows) {
      doc.font(REGULAR).fontSize(size);
      const h = Math.max(
        doc.heightOfString(label, { width: labelWidth }),
        doc.font(valueFont).heightOfString(value, { width: valueWidth }),
      );
      this.ensure(h + 4);
      const y = doc.y;
      doc.font(REGULAR).fillColor(MUTED).text(label, this.left, y, { width: labelWidth });
      doc
        .font(valueFont)
        .fillColor(INK)
        .text(value, this.left + labelWidth + 8, y, { width: valueWidth });
      doc.x = this.left;
      doc.y = y + h + 4;
    }
    this.body();
  }

  /**
   * A table that breaks across pages between rows, repeating its header row at the top of each
   * page; cells wrap within their column and a row is as tall as its tallest cell.
   */
  table(columns: Column[], rows: string[][], opts: { size?: number } = {}): void {
    const doc = this.doc;
    const size = opts.size ?? 8.5;
    const pad = 3;
    const widths = columns.map((c) => c.width * this.width);
    const usable = this.bottom - this.doc.page.margins.top;
    const heightOf = (cells: string[], font: string) => {
      doc.font(font).fontSize(size);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c === '' ? ' ' : c, { width: widths[i]! - 2 * pad })));
      return Math.min(h + 2 * pad, usable / 2);
    };
    const drawRow = (cells: string[], y: number, h: number, font: string, fill: string | null) => {
      if (fill) doc.rect(this.left, y, this.width, h).fill(fill);
      doc.font(font).fontSize(size).fillColor(INK);
      let x = this.left;
      cells.forEach((cell, i) => {
        const w = widths[i]!;
        // A fixed height keeps pdfkit from starting a page of its own inside a cell.
        doc.text(cell, x + pad, y + pad, { width: w - 2 * pad, height: h - pad, align: columns[i]!.align ?? 'left' });
        x += w;
      });
      doc
        .moveTo(this.left, y + h)
        .lineTo(this.left + this.width, y + h)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
    };
    const headers = columns.map((c) => c.header);
    const headerHeight = heightOf(headers, BOLD);
    const header = () => {
      const y = doc.y;
      drawRow(headers, y, headerHeight, BOLD, SHADE);
      doc.y = y + headerHeight;
    };

    this.ensure(headerHeight + (rows[0] ? heightOf(rows[0], REGULAR) : 0) + 4);
    header();
    for (const row of rows) {
      const h = heightOf(row, REGULAR);
      if (doc.y + h > this.bottom) {
        this.newPage();
        header();
      }
      const y = doc.y;
      drawRow(row, y, h, REGULAR, null);
      doc.y = y + h;
    }
    doc.x = this.left;
    doc.y += 8;
    this.body();
  }

  /** Writes the running footer on every page: what the report is on the left, "Trang n / N" on the right. */
  footers(left: string, pageText: (page: number, pages: number) => string): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const margins = doc.page.margins;
      const bottom = margins.bottom;
      // Writing inside the bottom margin would otherwise make pdfkit start a new page.
      margins.bottom = 0;
      const y = doc.page.height - bottom + 24;
      const width = doc.page.width - margins.left - margins.right;
      doc
        .moveTo(margins.left, y - 6)
        .lineTo(margins.left + width, y - 6)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      doc.font(REGULAR).fontSize(7.5).fillColor(MUTED);
      doc.text(left, margins.left, y, { width: width * 0.72, height: 10, ellipsis: true });
      doc.text(pageText(i - range.start + 1, range.count), margins.left, y, { width, align: 'right', lineBreak: false });
      margins.bottom = bottom;
    }
  }
}
