// Service points and their QR posters: the list of the user's subtree, a print-ready poster (A4 or
// A5) whose code leads to the point's survey, and the code alone as PNG or SVG for print shops.
// A point outside the subtree answers 404, exactly like one that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAgencyById, listSubtree } from '../../db/queries/agencies.ts';
import { findServicePointByCode, listServicePointsInSubtree } from '../../db/queries/service-points.ts';
import type { Agency, ServicePoint } from '../../db/schema.ts';
import { qrPng, qrSvg, surveyUrl } from '../../domain/qr.ts';
import { translator } from '../../i18n/index.ts';
import { inScope } from '../../plugins/session.ts';
import { localDay } from '../../i18n/format.ts';
import { surveyLength } from '../survey/estimate.ts';
import { planOf, servicePointSurvey } from '../survey/opening.ts';
import { doneNotice } from './agency-form.ts';
import { NotFoundError } from './guard.ts';

const POSTER_SIZES = ['a4', 'a5'] as const;
export type PosterSize = (typeof POSTER_SIZES)[number];

// The database's own rule for service-point codes: anything else cannot exist.
const CodeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) });
const PosterQuery = z.object({ size: z.enum(POSTER_SIZES).default('a4') });

/** The file name of a download: the product, what it is and which point, safe in any header. */
function qrFileName(code: string, ext: 'png' | 'svg'): string {
  return `hailong-qr-${code}.${ext}`;
}

export default async function servicePointRoutes(app: FastifyInstance): Promise<void> {
  const permission = 'posters.print' as const;

  /** The point named in the URL with its agency, if it lies in the user's subtree. */
  async function pointInScope(request: FastifyRequest): Promise<{ point: ServicePoint; agency: Agency }> {
    const params = CodeParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const point = await findServicePointByCode(app.db, params.data.code);
    const agency = point ? await findAgencyById(app.db, point.agency_id) : undefined;
    if (!point || !agency || !inScope(request.user!, agency.path)) throw new NotFoundError();
    return { point, agency };
  }

  function download(reply: FastifyReply, type: string, name: string, body: string | Buffer) {
    return reply
      .type(type)
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .send(body);
  }

  app.get('/service-points', { config: { permission } }, async (request, reply) => {
    const me = request.user!;
    const [agencies, points] = await Promise.all([listSubtree(app.db, me.agencyPath), listServicePointsInSubtree(app.db, me.agencyPath)]);
    const order = new Map(agencies.map((a, i) => [a.id, i]));
    const byId = new Map(agencies.map((a) => [a.id, a]));
    const rows = points
      // The subtree and its points are read separately: a point whose agency is not in the first
      // list (moved in between) is left out rather than shown without a name.
      .filter((p) => byId.has(p.agency_id))
      .sort((a, b) => order.get(a.agency_id)! - order.get(b.agency_id)! || a.code.localeCompare(b.code))
      .map((p) => ({ point: p, agency: byId.get(p.agency_id)!, url: surveyUrl(app.config.publicUrl, p.code) }));
    return reply.page(
      'admin/service-points/list.eta',
      { rows, qrFileName, notice: doneNotice(request, 'servicePoints') },
      { title: request.t('servicePoints.title') },
    );
  });

  app.get('/service-points/:code/poster', { config: { permission } }, async (request, reply) => {
    const { point, agency } = await pointInScope(request);
    const query = PosterQuery.safeParse(request.query ?? {});
    if (!query.success) {
      const message = request.t('servicePoints.badSize');
      return reply.page('pages/error.eta', { status: 400, heading: request.t('error.title'), message }, { status: 400, title: message });
    }
    const size = query.data.size;
    const url = surveyUrl(app.config.publicUrl, point.code);
    // Printed for citizens, so in Vietnamese whatever the staff member reads; one line in English.
    const vi = translator('vi');
    // The length the survey's own intro states for this address today, so poster and page agree.
    const { version } = await servicePointSurvey(app.db, { agencyPath: agency.path }, localDay(new Date()));
    const length = version ? await surveyLength(app.db, version, planOf(version)) : null;
    return reply.page(
      'admin/service-points/poster.eta',
      {
        point,
        agency,
        size,
        sizes: POSTER_SIZES,
        url,
        vi,
        step3: length ? vi('poster.step3', { pages: length.pages, minutes: length.minutes }) : vi('poster.step3Plain'),
        english: length ? translator('en')('poster.summary', { minutes: length.minutes }) : translator('en')('poster.summaryPlain'),
        qr: qrSvg(url, { label: vi('poster.qrLabel', { url }), className: 'poster-qr-code' }),
        pngName: qrFileName(point.code, 'png'),
        svgName: qrFileName(point.code, 'svg'),
      },
      { title: request.t('servicePoints.posterTitle', { name: point.name_vi }) },
    );
  });

  app.get('/service-points/:code/qr.svg', { config: { permission } }, async (request, reply) => {
    const { point } = await pointInScope(request);
    const url = surveyUrl(app.config.publicUrl, point.code);
    const svg = qrSvg(url, { standalone: true, label: translator('vi')('poster.qrLabel', { url }) });
    return download(reply, 'image/svg+xml; charset=utf-8', qrFileName(point.code, 'svg'), svg);
  });

  app.get('/service-points/:code/qr.png', { config: { permission } }, async (request, reply) => {
    const { point } = await pointInScope(request);
    const png = await qrPng(surveyUrl(app.config.publicUrl, point.code));
    return download(reply, 'image/png', qrFileName(point.code, 'png'), png);
  });
}
