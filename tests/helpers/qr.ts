// Reading QR codes back the way a phone would: decode the pixels with jsQR. PNGs are decoded as
// they are; an SVG of ours is rasterised from its path of dark runs, so what is checked is the
// drawing itself, not the matrix it was made from.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS: under Node's ESM its default import is module.exports, which carries the
// function again as .default — the one spelling both Node and the compiler agree on.
const jsQR = jsQRModule.default;

/** The text of the QR code in a PNG image, or null if none is found. */
export function decodePng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** The modules drawn by one of our QR SVGs: viewBox side, and dark cells as a matrix. */
export function svgModules(svg: string): { side: number; dark: boolean[][] } {
  const view = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  if (!view || view[1] !== view[2]) throw new Error('no square viewBox');
  const side = Number(view[1]);
  const d = /<path [^>]*d="([^"]*)"/.exec(svg)?.[1];
  if (d === undefined) throw new Error('no path');
  const dark = Array.from({ length: side }, () => Array<boolean>(side).fill(false));
  const run = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/g;
  let consumed = 0;
  for (let m = run.exec(d); m; m = run.exec(d)) {
    if (m.index !== consumed) throw new Error(`unexpected path data at ${consumed}`);
    consumed = m.index + m[0].length;
    const [x, y, w, back] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    if (w !== back) throw new Error('a run that does not close');
    for (let i = x; i < x + w; i++) dark[y]![i] = true;
  }
  if (consumed !== d.length) throw new Error('trailing path data');
  return { side, dark };
}

/** The text of the QR code drawn by one of our SVGs, rasterised at `scale` pixels per module. */
export function decodeSvg(svg: string, scale = 8): string | null {
  const { side, dark } = svgModules(svg);
  const px = side * scale;
  const data = new Uint8ClampedArray(px * px * 4).fill(255);
  for (let y = 0; y < px; y++) {
    for (let x = 0; x < px; x++) {
      if (!dark[Math.floor(y / scale)]![Math.floor(x / scale)]) continue;
      const o = (y * px + x) * 4;
      data[o] = data[o + 1] = data[o + 2] = 0;
    }
  }
  return jsQR(data, px, px)?.data ?? null;
}

/** The number of pages of a PDF, read by poppler's pdfinfo (installed by .ci/run). */
export async function pdfPageCount(pdf: Buffer): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'hailong-pdf-'));
  try {
    const file = join(dir, 'poster.pdf');
    await writeFile(file, pdf);
    const { stdout } = await promisify(execFile)('pdfinfo', [file]);
    const m = /^Pages:\s+(\d+)$/m.exec(stdout);
    if (!m) throw new Error(`pdfinfo gave no page count:\n${stdout}`);
    return Number(m[1]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
