import t from 'tap';
import { pngScale, qrMatrix, qrPng, qrSvg, QR_MARGIN, surveyUrl } from '../../server/domain/qr.ts';
import { decodePng, decodeSvg, svgModules } from '../helpers/qr.ts';

t.test('the survey URL of a service point', async (t) => {
  t.equal(surveyUrl('https://khaosat.khanhhoa.gov.vn', 'KHA-TTHCC-01'), 'https://khaosat.khanhhoa.gov.vn/s/KHA-TTHCC-01');
  t.equal(surveyUrl('https://khaosat.khanhhoa.gov.vn//', 'A'), 'https://khaosat.khanhhoa.gov.vn/s/A', 'no double slash');
});

t.test('inline and standalone SVG', async (t) => {
  const url = 'https://khaosat.khanhhoa.gov.vn/s/KHA-TTHCC-01';
  const inline = qrSvg(url, { label: 'Mã QR: <"x" & \'y\'>', className: 'poster-qr-code' });
  t.match(
    inline,
    /^<svg viewBox="0 0 \d+ \d+" class="poster-qr-code" role="img" aria-label="Mã QR: &lt;&quot;x&quot; &amp; &apos;y&apos;&gt;"/,
    'the label is escaped',
  );
  t.notMatch(inline, /xmlns|<\?xml|\sstyle=/, 'inline markup: no namespace, no XML declaration, no style attribute');
  t.equal(decodeSvg(inline), url);
  t.match(qrSvg(url), /aria-hidden="true"/, 'an unlabelled code is hidden from screen readers');

  const file = qrSvg(url, { standalone: true });
  const { side } = svgModules(file);
  t.equal(side, qrMatrix(url).length + 2 * QR_MARGIN);
  t.match(file, new RegExp(`width="${side * pngScale(side - 2 * QR_MARGIN)}"`), 'a file has a pixel size to open at');
});

t.test('PNG', async (t) => {
  for (const url of ['http://127.0.0.1:3000/s/A', `https://khaosat.khanhhoa.gov.vn/s/${'X'.repeat(64)}`]) {
    const png = await qrPng(url);
    t.equal(decodePng(png), url, `decodes: ${url.length} characters`);
    const width = png.readUInt32BE(16);
    t.ok(width >= 900 && width <= 1200, `about 1024 px (${width})`);
  }
  t.equal(pngScale(1000), 1, 'never less than one pixel a module');
});
