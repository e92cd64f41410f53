// Questionnaires (issue 13, point 5), for admins: the list with every published version; uploading
// a JSON definition (a file or pasted text) checked by the use-case `hailong questionnaire import`
// runs (every error by its JSON path, 422 keeping the text); the checked upload kept for its
// uploader to compare with the latest version and to preview; publishing it as a new version
// (audited by the use-case; a published version never changes); a preview of any version exactly as
// a citizen sees it, through the survey's own templates, marked as a preview and storing nothing;
// and a side-by-side comparison of two versions.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deleteUpload, findUpload, saveUpload } from '../../db/queries/questionnaire-uploads.ts';
import { findQuestionnaireVersion, listQuestionnaires, listQuestionnaireVersions } from '../../db/queries/questionnaires.ts';
import { diffDefinitions } from '../../domain/questionnaire-diff.ts';
import { questionList, type QuestionnaireDefinition } from '../../domain/questionnaire.ts';
import { planOf } from '../../domain/survey-pages.ts';
import { inLocale } from '../../i18n/index.ts';
import { staffActor } from '../../use-cases/actor.ts';
import { checkQuestionnaireText, publishQuestionnaireText } from '../../use-cases/questionnaires.ts';
import { localised, pageHeading, questionView } from '../survey/view.ts';
import { NotFoundError } from './guard.ts';

const QUESTIONNAIRES_PATH = '/questionnaires';
const BASE = `/admin${QUESTIONNAIRES_PATH}`;
const FILE_FIELD = 'file';

const CodeVersion = z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/), version: z.coerce.number().int().min(1).max(100000) });
const CodeParams = z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) });
const UploadParams = z.object({ id: z.uuid() });
const PageQuery = z.object({ page: z.coerce.number().int().min(1).max(1000).catch(1) }).catch({ page: 1 });
const DiffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
const Notice = z.object({
  published: z.string().max(80).optional().catch(undefined),
  version: z.coerce.number().int().optional().catch(undefined),
  unchanged: z.literal('1').optional().catch(undefined),
});

type UploadError = { path: string; message: string };

export default async function questionnaireRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'questionnaires.manage' as const };

  app.get(QUESTIONNAIRES_PATH, { config }, async (request, reply) => {
    const locale = request.locale;
    const questionnaires = await listQuestionnaires(app.db);
    const rows = [];
    for (const q of questionnaires) {
      const versions = await listQuestionnaireVersions(app.db, q.code);
      rows.push({
        code: q.code,
        title: inLocale(locale, q.titleVi, q.titleEn),
        versions: versions.map((v, i) => ({
          ...v,
          previewHref: `${BASE}/${q.code}/${v.version}/preview`,
          // Each version against the one before it; the oldest has none.
          diffHref: versions[i + 1] ? `${BASE}/${q.code}/diff?from=${versions[i + 1]!.version}&to=${v.version}` : null,
        })),
      });
    }
    const notice = Notice.parse(request.query ?? {});
    return reply.page(
      'admin/questionnaires/index.eta',
      { questionnaires: rows, notice: notice.published && notice.version ? notice : null },
      { title: request.t('questionnairesPage.title') },
    );
  });

  function renderUpload(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { status?: number; text?: string; errors?: UploadError[]; fileError?: string } = {},
  ) {
    const problems = opts.errors ?? [];
    // The summary links each problem to the field holding the text; each is listed with its JSON path below.
    const errors = opts.fileError
      ? [{ field: FILE_FIELD, message: opts.fileError }]
      : problems.length > 0
        ? [{ field: 'definition', message: request.t('questionnairesPage.upload.failed', { count: problems.length }) }]
        : [];
    const title = request.t('questionnairesPage.upload.title');
    return reply.page(
      'admin/questionnaires/upload.eta',
      { text: opts.text ?? '', problems, errors, fileError: opts.fileError ?? null },
      { status: opts.status, title: errors.length > 0 ? request.t('survey.errorTitle', { title }) : title },
    );
  }

  app.get(`${QUESTIONNAIRES_PATH}/upload`, { config }, async (request, reply) => renderUpload(request, reply));

  app.post(`${QUESTIONNAIRES_PATH}/upload`, { config }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const file = body[FILE_FIELD];
    let text: string;
    if (Buffer.isBuffer(file) && file.length > 0) {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(file);
      } catch {
        return renderUpload(request, reply, { status: 422, fileError: request.t('questionnairesPage.upload.notUtf8') });
      }
    } else text = typeof body['definition'] === 'string' ? body['definition'] : '';
    if (text.trim() === '') return renderUpload(request, reply, { status: 422, fileError: request.t('questionnairesPage.upload.missing') });

    const checked = checkQuestionnaireText(text);
    if (checked.kind === 'bad-json')
      return renderUpload(request, reply, {
        status: 422,
        text,
        errors: [
          {
            path: request.t('questionnairesPage.upload.lineColumn', { line: checked.line, column: checked.column }),
            message: checked.reason,
          },
        ],
      });
    if (checked.kind === 'invalid') return renderUpload(request, reply, { status: 422, text, errors: checked.errors });
    if (checked.kind === 'bad-rule')
      return renderUpload(request, reply, {
        status: 422,
        text,
        errors: [
          { path: '$', message: request.t('questionnaires.import.badRule', { rule: checked.rule, allowed: checked.allowed.join(', ') }) },
        ],
      });
    const id = randomUUID();
    await saveUpload(app.db, id, checked.definition, request.user!.id);
    return reply.redirect(`${BASE}/uploads/${id}`, 303);
  });

  async function uploadOf(request: FastifyRequest) {
    const params = UploadParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const upload = await findUpload(app.db, params.data.id, request.user!.id);
    if (!upload) throw new NotFoundError();
    return upload;
  }

  /** The side-by-side comparison's rows, worded for the page. */
  function diffView(request: FastifyRequest, before: QuestionnaireDefinition, after: QuestionnaireDefinition) {
    const diff = diffDefinitions(before, after);
    const side = (q: (typeof diff.rows)[number]['before']) =>
      q && {
        vi: q.text.vi,
        en: q.text.en ?? '',
        options: [...q.options, ...(q.noOpinion ? [q.noOpinion] : [])].map((o) => ({ value: String(o.value), vi: o.vi, en: o.en ?? '' })),
      };
    return {
      counts: diff.counts,
      titleChanged: diff.titleChanged,
      rows: diff.rows.map((r) => ({
        code: r.code,
        status: r.status,
        before: side(r.before),
        after: side(r.after),
        changes: r.changes.map((c) => request.t(`questionnairesPage.diff.change.${c}`)),
        options: r.options,
      })),
    };
  }

  app.get(`${QUESTIONNAIRES_PATH}/uploads/:id`, { config }, async (request, reply) => {
    const upload = await uploadOf(request);
    const def = upload.definition;
    const latest = await findQuestionnaireVersion(app.db, def.code);
    return reply.page(
      'admin/questionnaires/uploaded.eta',
      {
        id: upload.id,
        code: def.code,
        title: inLocale(request.locale, def.title.vi, def.title.en ?? null),
        questions: questionList(def).length,
        pages: planOf(def).pages.length,
        latest: latest ? { version: latest.version } : null,
        nextVersion: (latest?.version ?? 0) + 1,
        previewHref: `${BASE}/uploads/${upload.id}/preview`,
        diff: latest ? diffView(request, latest.definition, def) : null,
      },
      { title: request.t('questionnairesPage.uploaded.title', { code: def.code }) },
    );
  });

  app.post(`${QUESTIONNAIRES_PATH}/uploads/:id/publish`, { config }, async (request, reply) => {
    const upload = await uploadOf(request);
    const result = await publishQuestionnaireText(app.db, staffActor(request), JSON.stringify(upload.definition));
    // It was checked when uploaded and the rules do not change in between; anything else is ours.
    if (result.kind !== 'published') throw new Error(`a checked upload failed to publish: ${result.kind}`);
    await deleteUpload(app.db, upload.id);
    const qs = new URLSearchParams({
      published: result.code,
      version: String(result.version),
      ...(result.unchanged ? { unchanged: '1' } : {}),
    });
    return reply.redirect(`${BASE}?${qs}`, 303);
  });

  /**
   * One page of a definition exactly as the survey renders it (survey/page.eta, the survey's own
   * view functions), inside a banner saying it is a preview; its buttons are links between preview
   * pages, so nothing is sent and nothing stored.
   */
  function preview(
    request: FastifyRequest,
    reply: FastifyReply,
    def: QuestionnaireDefinition,
    base: string,
    exitHref: string,
    label: string,
  ) {
    const locale = request.locale;
    const t = request.t;
    const plan = planOf(def);
    const n = Math.min(PageQuery.parse(request.query ?? {}).page, plan.pages.length);
    const page = plan.pages[n - 1]!;
    // Every question of the page, also those asked only after some answer: the preview shows all.
    const shown = page.questions;
    const questions = shown.map((q) => questionView(q, locale, t, [], null));
    const heading = pageHeading(page, shown, locale, t);
    return reply.page(
      'survey/page.eta',
      {
        preview: {
          label,
          exitHref,
          nextPage: n < plan.pages.length ? n + 1 : null,
          endText: t('questionnairesPage.preview.end'),
        },
        action: base,
        backHref: n > 1 ? `${base}?page=${n - 1}` : exitHref,
        progress: { text: t('survey.progress', { page: n, pages: plan.pages.length }), value: n, max: plan.pages.length },
        heading,
        background: page.section === 'background',
        questions,
        errors: [],
        questionnaireTitle: localised({ vi: def.title.vi, en: def.title.en ?? undefined }, locale),
      },
      { title: `${t('questionnairesPage.preview.banner')} — ${heading.title.text}` },
    );
  }

  app.get(`${QUESTIONNAIRES_PATH}/uploads/:id/preview`, { config }, async (request, reply) => {
    const upload = await uploadOf(request);
    return preview(
      request,
      reply,
      upload.definition,
      `${BASE}/uploads/${upload.id}/preview`,
      `${BASE}/uploads/${upload.id}`,
      request.t('questionnairesPage.preview.upload', { code: upload.definition.code }),
    );
  });

  app.get(`${QUESTIONNAIRES_PATH}/:code/:version/preview`, { config }, async (request, reply) => {
    const params = CodeVersion.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const v = await findQuestionnaireVersion(app.db, params.data.code, params.data.version);
    if (!v) throw new NotFoundError();
    return preview(
      request,
      reply,
      v.definition,
      `${BASE}/${v.code}/${v.version}/preview`,
      BASE,
      request.t('questionnairesPage.preview.version', { code: v.code, version: v.version }),
    );
  });

  app.get(`${QUESTIONNAIRES_PATH}/:code/diff`, { config }, async (request, reply) => {
    const params = CodeParams.safeParse(request.params);
    const query = DiffQuery.safeParse(request.query ?? {});
    if (!params.success || !query.success) throw new NotFoundError();
    const [from, to] = await Promise.all([
      findQuestionnaireVersion(app.db, params.data.code, query.data.from),
      findQuestionnaireVersion(app.db, params.data.code, query.data.to),
    ]);
    if (!from || !to) throw new NotFoundError();
    const versions = await listQuestionnaireVersions(app.db, params.data.code);
    return reply.page(
      'admin/questionnaires/diff.eta',
      {
        code: from.code,
        title: inLocale(request.locale, to.titleVi, to.titleEn),
        from: from.version,
        to: to.version,
        versions: versions.map((v) => v.version),
        diff: diffView(request, from.definition, to.definition),
      },
      { title: request.t('questionnairesPage.diff.title', { code: from.code, from: from.version, to: to.version }) },
    );
  });
}
