// QR codes for the posters at service points: the survey URL as a module matrix, drawn as SVG (inline
// on the poster page and as a download) and as PNG for print shops. Pure computation, no I/O.
import QRCode from 'qrcode';
import { escapeXml } from './text.ts';

// Level Q survives a quarter of the code being scratched, folded or sun-bleached on a counter, and a
// survey URL is short enough that the code stays small and quick to scan.
const QR_ERROR_CORRECTION = 'Q' as const;
/** The quiet zone the QR standard asks for around the code, in modules. */
export const QR_MARGIN = 4;
/** Roughly the PNG width in pixels: sharp at 10 cm and more when printed at 300 dpi. */
const QR_PNG_TARGET_PX = 1024;

/** The public survey page of a service point: what its poster's code encodes. */
export function surveyUrl(publicUrl: string, servicePointCode: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(servicePointCode)}`;
}

/** The dark (true) and light modules of the code, row by row, without the quiet zone. */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  const rows: boolean[][] = [];
  for (let y = 0; y < modules.size; y++) {
    const row: boolean[] = [];
    for (let x = 0; x < modules.size; x++) row.push(modules.get(y, x) !== 0);
    rows.push(row);
  }
  return rows;
}

export interface QrSvgOptions {
  /** The accessible name, e.g. "Mã QR: https://…". */
  label?: string;
  /** A class for styling the inline code (CSS sizes it; the CSP forbids style attributes). */
  className?: string;
  /** A standalone file carries its XML namespace and a pixel size; inline markup needs neither. */
  standalone?: boolean;
}

/**
 * The code as SVG: a white square (quiet zone included) and one path of dark runs, one unit per
 * module, so it scales to any size without blur.
 */
export function qrSvg(text: string, opts: QrSvgOptions = {}): string {
  const matrix = qrMatrix(text);
  const side = matrix.length + 2 * QR_MARGIN;
  let d = '';
  matrix.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      d += `M${start + QR_MARGIN} ${y + QR_MARGIN}h${x - start}v1h${start - x}z`;
    }
  });
  const attrs = [
    opts.standalone ? 'xmlns="http://www.w3.org/2000/svg"' : '',
    `viewBox="0 0 ${side} ${side}"`,
    opts.standalone ? `width="${side * pngScale(matrix.length)}" height="${side * pngScale(matrix.length)}"` : '',
    opts.className ? `class="${escapeXml(opts.className)}"` : '',
    opts.label ? `role="img" aria-label="${escapeXml(opts.label)}"` : 'aria-hidden="true"',
    'shape-rendering="crispEdges"',
  ].filter((a) => a !== '');
  const title = opts.label ? `<title>${escapeXml(opts.label)}</title>` : '';
  const head = opts.standalone ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '';
  return `${head}<svg ${attrs.join(' ')}>${title}<rect width="${side}" height="${side}" fill="#ffffff"/><path fill="#000000" d="${d}"/></svg>`;
}

/** Whole pixels per module, so every module is an equal, sharp square near the target width. */
export function pngScale(size: number): number {
  return Math.max(1, Math.round(QR_PNG_TARGET_PX / (size + 2 * QR_MARGIN)));
}

/** The code as a black-on-white PNG with its quiet zone. */
export async function qrPng(text: string): Promise<Buffer> {
  const size = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION }).modules.size;
  return QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    margin: QR_MARGIN,
    scale: pngScale(size),
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}
