// The online survey citizens answer on their phones, at stable public addresses: /s/{service point}
// and /c/{campaign}. GOV.UK patterns throughout: one thing per page, POST → 303 → GET, errors
// re-rendered with 422 and the answers kept, no JavaScript needed. Answers between pages live in a
// server-side draft; the final submit goes through intake under the response id fixed when the draft
// started, so a double click, a refresh or a second tab stores one response (invariant 2), and a
// failed submit stores nothing (invariant 8). A citizen coming back to the intro with a draft under
// way is offered to continue it or to start again (POST …/restart discards it); every page save
// records how far the draft got, for the drop-off figures.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  deleteDraft,
  dossierAnswered,
  draftSubmittedFor,
  findDraft,
  insertDraft,
  markDraftSubmitted,
  saveDraftAnswers,
  type Draft,
} from '../../db/queries/drafts.ts';
import { placeOf, publishedVersion } from '../../db/lookups.ts';
import type { PublishedVersion } from '../../db/queries/questionnaires.ts';
import { commentQuestion, type AnswerProblem, type Answers } from '../../domain/answers.ts';
import { dossierHash, verifyDossierLink } from '../../domain/dossier-link.ts';
import { questionMap, type QuestionnaireDefinition } from '../../domain/questionnaire.ts';
import {
  applyPage,
  nextAfterChange,
  nextPage,
  pageApplies,
  pageByNumber,
  pageIncomplete,
  previousPage,
  readPageForm,
  resumePage,
  reviewSections,
  shownQuestions,
  type FormValue,
  type SurveyPage,
  type SurveyPlan,
} from '../../domain/survey-pages.ts';
import { localDay } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { intake, type IntakeResult } from '../../intake/intake.ts';
import { clearDraftCookie, draftIdHash, draftIdOf, DRAFT_HOURS, newDraftId, setDraftCookie } from './draft-cookie.ts';
import contactRoutes, { offerContact, offeredResponse } from './contact.ts';
import { takeSubmissionSlot } from './limit.ts';
import { openSurvey, planOf, resolvePlace, surveyAddress, type SurveyAddress, type SurveyKind, type UnavailableReason } from './opening.ts';
import { groupChoices, placeChoices } from './place-choices.ts';
import { matchesSearch } from '../../domain/searchable.ts';
import { surveyLength } from './estimate.ts';
import {
  answerStrings,
  localised,
  nameIn,
  pageHeading,
  placeView,
  problemMessage,
  questionView,
  reviewView,
  submitProblems,
} from './view.ts';

/** How long answers are kept, as the privacy notice states it. */
const RETENTION_YEARS = 5;
const HONEYPOT = 'website';

const Code = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
const Params = z.object({ code: Code });
const PageParams = z.object({ code: Code, n: z.coerce.number().int().min(1).max(500) });
const Form = z.record(z.string(), z.union([z.string(), z.array(z.string())])).catch({});
const IntroQuery = z
  .object({
    d: z.string().max(600).optional().catch(undefined),
    expired: z.string().optional().catch(undefined),
    // The place picker's search (decision 72): what the citizen typed, cut to a sane length.
    q: z
      .string()
      .transform((q) => q.slice(0, 100).trim())
      .optional()
      .catch(undefined),
  })
  .catch({});
const ReturnQuery = z.object({ return: z.string().optional().catch(undefined) }).catch({});
/** The survey address of a request; null (→ 404) when the code cannot be one. */
function addressOf(request: FastifyRequest, kind: SurveyKind): SurveyAddress | null {
  const p = Params.safeParse(request.params);
  return p.success ? surveyAddress(kind, p.data.code) : null;
}
const first = (v: FormValue): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

type Loaded = { state: 'none' } | { state: 'gone' } | { state: 'ok'; draft: Draft; version: PublishedVersion; plan: SurveyPlan };

export default async function surveyRoutes(app: FastifyInstance): Promise<void> {
  await app.register(contactRoutes);
  const secure = app.config.secureCookies;
  const secret = app.config.sessionSecret;
  // Concurrent final submits of one draft (a double click) share one intake call.
  const submitting = new Map<string, Promise<IntakeResult>>();

  const message = (reply: FastifyReply, status: number, title: MessageKey, text: string, extra: Record<string, unknown> = {}) =>
    reply.page('survey/message.eta', { heading: reply.request.t(title), text, ...extra }, { status, title: reply.request.t(title) });

  const unavailable = (reply: FastifyReply, status: number, reason: UnavailableReason) =>
    message(reply, status, 'survey.unavailable.title', reply.request.t(`survey.unavailable.${reason}`));

  const tooMany = (reply: FastifyReply, retryAfterSeconds: number) => {
    reply.header('Retry-After', String(retryAfterSeconds));
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    return message(reply, 429, 'survey.tooMany.title', reply.request.t('survey.tooMany.text', { minutes }));
  };

  /** The draft this browser holds for this survey address. */
  async function loadDraft(request: FastifyRequest, address: SurveyAddress, now: Date): Promise<Loaded> {
    const id = draftIdOf(request);
    if (!id) return { state: 'none' };
    const draft = await findDraft(app.db, draftIdHash(id), now);
    if (!draft) return { state: 'gone' };
    const mine = address.kind === 's' ? draft.servicePointCode === address.code : draft.campaignCode === address.code;
    if (!mine) return { state: 'gone' };
    const version = await publishedVersion(app.db, draft.questionnaireVersionId);
    if (!version) return { state: 'gone' };
    return { state: 'ok', draft, version, plan: planOf(version) };
  }

  /** Where a request without a usable draft goes: the intro, saying so when the draft has expired. */
  function backToIntro(reply: FastifyReply, address: SurveyAddress, loaded: Loaded) {
    if (loaded.state === 'gone') clearDraftCookie(reply, address.base, secure);
    return reply.redirect(loaded.state === 'gone' ? `${address.base}?expired=1` : address.base, 303);
  }

  const pageHref = (address: SurveyAddress, page: SurveyPage | null, toReview: boolean) =>
    page ? `${address.base}/p/${page.number}${toReview ? '?return=review' : ''}` : `${address.base}/review`;

  // ---- Intro and start -------------------------------------------------------------------------

  type Dossier = { ok: true; hash: string | null } | { ok: false; reply: FastifyReply };

  /** A per-dossier link's token: checked, and its dossier not yet rated. */
  async function dossierOf(reply: FastifyReply, address: SurveyAddress, token: string | undefined): Promise<Dossier> {
    if (!token) return { ok: true, hash: null };
    const t = reply.request.t;
    const link = verifyDossierLink(token, secret);
    if (!link.ok || address.kind !== 's' || link.servicePointCode !== address.code) {
      const expired = !link.ok && link.reason === 'expired';
      const r = await message(
        reply,
        expired ? 410 : 400,
        expired ? 'survey.link.expired.title' : 'survey.link.invalid.title',
        t(expired ? 'survey.link.expired.text' : 'survey.link.invalid.text'),
      );
      return { ok: false, reply: r };
    }
    const hash = dossierHash(link.dossierCode, secret);
    if (await dossierAnswered(app.db, hash)) return { ok: false, reply: reply.redirect(`${address.base}/rated`, 303) };
    return { ok: true, hash };
  }

  /**
   * The draft this browser holds for this address, if it can be continued from the intro: not sent,
   * on the version the address runs now, from the same per-dossier link (or none).
   */
  function continuable(loaded: Loaded, versionId: number, dossierHash: string | null): Extract<Loaded, { state: 'ok' }> | null {
    if (loaded.state !== 'ok' || loaded.draft.submittedAt) return null;
    return loaded.draft.questionnaireVersionId === versionId && loaded.draft.dossierHash === dossierHash ? loaded : null;
  }

  async function intro(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: SurveyKind,
    form?: { place: string; error: string | null; token: string | undefined },
  ) {
    const address = addressOf(request, kind);
    if (!address) return reply.callNotFound();
    const query = IntroQuery.parse(request.query ?? {});
    const token = form ? form.token : query.d;
    const now = new Date();
    const opening = await openSurvey(app.db, address, now);
    if (!opening.ok) return unavailable(reply, opening.status, opening.reason);
    const dossier = await dossierOf(reply, address, token);
    if (!dossier.ok) return dossier.reply;
    const locale = request.locale;
    const t = request.t;
    // A citizen coming back is told so, and chooses: continue where they stopped, or start again.
    const loaded = form ? ({ state: 'none' } as const) : await loadDraft(request, address, now);
    if (loaded.state === 'gone') clearDraftCookie(reply, address.base, secure);
    const draft = continuable(loaded, opening.version.versionId, dossier.hash);
    const resumeAt = draft && resumePage(draft.plan, draft.draft.answers, draft.draft.comment);
    const resume = draft && { href: pageHref(address, resumeAt, false), page: resumeAt?.number ?? null };
    const shownPlace = draft ? draft.draft : opening.place;
    const allChoices =
      opening.place === null && !draft
        ? placeChoices(opening.places, locale, (kind) => t(`agency.kind.${kind}` as MessageKey)).map((c) => ({
            ...c,
            checked: form?.place === c.value,
          }))
        : [];
    // A long list gets a search box (decision 72): a GET form that filters here, on the server, so
    // it works without script; with htmx the same URL answers the list alone as the citizen types.
    const search = !form && query.q ? query.q : '';
    const choices = search ? allChoices.filter((c) => matchesSearch(`${c.label} ${c.value}`, search)) : allChoices;
    const errors = form?.error ? [{ field: choices.length > 10 ? 'place' : 'place-1', message: form.error }] : [];
    const title = t('survey.heading');
    // An htmx search gets the list alone; the same URL without htmx gets the whole page.
    const template = request.isHtmx && query.q !== undefined && !form && allChoices.length > 10 ? 'survey/_places.eta' : 'survey/intro.eta';
    return reply.page(
      template,
      {
        base: address.base,
        questionnaireTitle: localised({ vi: opening.version.titleVi, en: opening.version.titleEn ?? undefined }, locale),
        place: shownPlace ? placeView(shownPlace, locale) : null,
        length: await surveyLength(app.db, opening.version, opening.plan),
        choices,
        useSelect: choices.length > 10,
        searchable: allChoices.length > 10,
        search,
        htmx: allChoices.length > 10,
        // The long list is grouped by the kind of agency serving there (centre, departments, communes).
        groups: groupChoices(choices),
        placeError: form?.error ?? null,
        errors,
        resume,
        token: dossier.hash ? token : null,
        expired: !form && query.expired === '1',
        years: RETENTION_YEARS,
        hours: DRAFT_HOURS,
      },
      { status: form?.error ? 422 : 200, title: errors.length > 0 ? t('survey.errorTitle', { title }) : title },
    );
  }

  /**
   * "Bắt đầu" (fresh = false): a new draft, or the one under way for the same place and link. "Bắt
   * đầu lại" (fresh = true): the draft under way is discarded (nothing of it is stored) and a new one
   * starts at the same place.
   */
  async function start(request: FastifyRequest, reply: FastifyReply, kind: SurveyKind, fresh: boolean) {
    const address = addressOf(request, kind);
    if (!address) return reply.callNotFound();
    const body = Form.parse(request.body ?? {});
    const token = first(body['d']) || undefined;
    const now = new Date();
    const opening = await openSurvey(app.db, address, now);
    if (!opening.ok) return unavailable(reply, opening.status, opening.reason);
    const dossier = await dossierOf(reply, address, token);
    if (!dossier.ok) return dossier.reply;
    const loaded = await loadDraft(request, address, now);
    const draft = continuable(loaded, opening.version.versionId, dossier.hash);

    let place = opening.place;
    if (!place && fresh && draft) {
      place =
        (await placeOf(
          app.db,
          draft.draft.servicePointCode ? { servicePointCode: draft.draft.servicePointCode } : { agencyCode: draft.draft.agencyCode },
        )) ?? null;
    }
    if (!place) {
      const chosen = first(body['place']);
      const match = opening.places.find((p) => p.code === chosen);
      place = (match && (await resolvePlace(app.db, match, localDay(now)))) ?? null;
      if (!place) return intro(request, reply, kind, { place: chosen, error: request.t('survey.choosePlace.required'), token });
    }

    const samePlace = draft && draft.draft.agencyId === place.agencyId && draft.draft.servicePointId === place.servicePointId;
    if (draft && samePlace && !fresh) {
      // A draft already under way for the same place and dossier is continued, not restarted.
      return reply.redirect(pageHref(address, resumePage(draft.plan, draft.draft.answers, draft.draft.comment), false), 303);
    }
    if (draft && fresh) await deleteDraft(app.db, draft.draft.idHash);

    const brake = await takeSubmissionSlot(app, request, now);
    if (brake.blocked) return tooMany(reply, brake.retryAfterSeconds);

    const id = newDraftId();
    const firstPage = nextPage(opening.plan, 0, {});
    await insertDraft(app.db, {
      idHash: draftIdHash(id),
      responseId: randomUUID(),
      questionnaireVersionId: opening.version.versionId,
      campaignId: opening.campaign?.id ?? null,
      agencyId: place.agencyId,
      servicePointId: place.servicePointId,
      provinceId: place.provinceId,
      locale: request.locale,
      dossierHash: dossier.hash,
      startedAt: now,
      expiresAt: new Date(now.getTime() + DRAFT_HOURS * 3600 * 1000),
      firstPage: firstPage?.number ?? 0,
    });
    setDraftCookie(reply, address.base, id, secure);
    return reply.redirect(pageHref(address, firstPage, false), 303);
  }

  // ---- Question pages --------------------------------------------------------------------------

  function renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    address: SurveyAddress,
    loaded: Extract<Loaded, { state: 'ok' }>,
    page: SurveyPage,
    opts: {
      toReview: boolean;
      sent?: Record<string, string[]>;
      problems?: { question: string; code: string; params?: Record<string, string | number> }[];
    },
  ) {
    const { draft, plan } = loaded;
    const locale = request.locale;
    const t = request.t;
    const shown = shownQuestions(page, draft.answers);
    const fieldError = new Map<string, string>();
    const summary = new Map<string, string>();
    for (const p of opts.problems ?? []) {
      const q = shown.find((x) => x.code === p.question);
      if (!q || summary.has(q.code)) continue;
      const problem = { code: p.code as AnswerProblem['code'], ...(p.params ? { params: p.params } : {}) };
      summary.set(q.code, problemMessage(q, problem, locale, t, 'summary'));
      fieldError.set(q.code, problemMessage(q, problem, locale, t, 'field'));
    }
    const questions = shown.map((q) => {
      const chosen =
        opts.sent?.[q.code] ?? (q.kind === 'text' ? (draft.comment === null ? [] : [draft.comment]) : answerStrings(draft.answers[q.code]));
      return questionView(q, locale, t, chosen, fieldError.get(q.code) ?? null);
    });
    const errors = questions.filter((q) => q.error).map((q) => ({ field: q.firstInputId, message: summary.get(q.code)! }));
    const heading = pageHeading(page, shown, locale, t);
    const back = opts.toReview
      ? `${address.base}/review`
      : (() => {
          const prev = previousPage(plan, page.number, draft.answers);
          return prev ? pageHref(address, prev, false) : address.base;
        })();
    return reply.page(
      'survey/page.eta',
      {
        base: address.base,
        action: pageHref(address, page, opts.toReview),
        backHref: back,
        progress: {
          text: t('survey.progress', { page: page.number, pages: plan.pages.length }),
          value: page.number,
          max: plan.pages.length,
        },
        heading,
        background: page.section === 'background',
        questions,
        errors,
      },
      {
        status: errors.length > 0 ? 422 : 200,
        title: errors.length > 0 ? t('survey.errorTitle', { title: heading.title.text }) : heading.title.text,
      },
    );
  }

  async function showPage(request: FastifyRequest, reply: FastifyReply, kind: SurveyKind) {
    const parsed = PageParams.safeParse(request.params);
    if (!parsed.success) return reply.callNotFound();
    const { n } = parsed.data;
    const address = surveyAddress(kind, parsed.data.code);
    const toReview = ReturnQuery.parse(request.query ?? {}).return === 'review';
    const loaded = await loadDraft(request, address, new Date());
    if (loaded.state !== 'ok') return backToIntro(reply, address, loaded);
    if (loaded.draft.submittedAt) return reply.redirect(`${address.base}/thanks`, 303);
    const page = pageByNumber(loaded.plan, n);
    if (!page) return reply.callNotFound();
    // A page that does not apply (E5 criteria after Không) is skipped, as the next button would.
    if (!pageApplies(page, loaded.draft.answers))
      return reply.redirect(pageHref(address, nextPage(loaded.plan, n, loaded.draft.answers), toReview), 303);
    return renderPage(request, reply, address, loaded, page, { toReview });
  }

  async function savePage(request: FastifyRequest, reply: FastifyReply, kind: SurveyKind) {
    const parsed = PageParams.safeParse(request.params);
    if (!parsed.success) return reply.callNotFound();
    const { n } = parsed.data;
    const address = surveyAddress(kind, parsed.data.code);
    const toReview = ReturnQuery.parse(request.query ?? {}).return === 'review';
    const now = new Date();
    const loaded = await loadDraft(request, address, now);
    if (loaded.state !== 'ok') return backToIntro(reply, address, loaded);
    const { draft, plan, version } = loaded;
    if (draft.submittedAt) return reply.redirect(`${address.base}/thanks`, 303);
    const page = pageByNumber(plan, n);
    if (!page) return reply.callNotFound();
    if (!pageApplies(page, draft.answers)) return reply.redirect(pageHref(address, nextPage(plan, n, draft.answers), toReview), 303);

    const read = readPageForm(page, Form.parse(request.body ?? {}), draft.answers);
    if (read.problems.length > 0)
      return renderPage(request, reply, address, loaded, page, { toReview, sent: read.sent, problems: read.problems });

    const answers = applyPage(version.definition, page, draft.answers as Answers, read.values);
    const comment = read.comment === undefined ? draft.comment : read.comment;
    // Back to the review after a change from it, unless the change opened a follow-up that still
    // needs answers (E5.0 → Có); else on to the next page that applies.
    const follow = toReview ? nextAfterChange(plan, page, answers) : null;
    const next = toReview ? (follow && pageIncomplete(follow, answers, comment) ? follow : null) : nextPage(plan, n, answers);
    const saved = await saveDraftAnswers(app.db, draft.idHash, { answers, comment, next: next?.number ?? 'review' }, now);
    if (!saved) return reply.redirect(`${address.base}/thanks`, 303);
    return reply.redirect(pageHref(address, next, toReview), 303);
  }

  // ---- Review and submit -----------------------------------------------------------------------

  function renderReview(
    request: FastifyRequest,
    reply: FastifyReply,
    address: SurveyAddress,
    loaded: Extract<Loaded, { state: 'ok' }>,
    problems?: IntakeResult & { ok: false },
  ) {
    const { draft, plan, version } = loaded;
    const locale = request.locale;
    const t = request.t;
    const def: QuestionnaireDefinition = version.definition;
    const checked = problems ? submitProblems(problems.problems, questionMap(def), commentQuestion(def)?.code ?? null, locale, t) : null;
    const sections = reviewView(
      reviewSections(plan, draft.answers),
      draft.answers,
      draft.comment,
      address.base,
      locale,
      t,
      checked?.byQuestion ?? new Map(),
    );
    const last = previousPage(plan, plan.pages.length + 1, draft.answers);
    const title = t('survey.review.title');
    return reply.page(
      'survey/review.eta',
      {
        base: address.base,
        backHref: last ? pageHref(address, last, false) : address.base,
        progress: { text: t('survey.progress.review'), value: plan.pages.length, max: plan.pages.length },
        sections,
        errors: checked?.summary ?? [],
        responseId: draft.responseId,
        honeypot: HONEYPOT,
      },
      { status: checked ? 422 : 200, title: checked ? t('survey.errorTitle', { title }) : title },
    );
  }

  async function showReview(request: FastifyRequest, reply: FastifyReply, kind: SurveyKind) {
    const address = addressOf(request, kind);
    if (!address) return reply.callNotFound();
    const loaded = await loadDraft(request, address, new Date());
    if (loaded.state !== 'ok') return backToIntro(reply, address, loaded);
    if (loaded.draft.submittedAt) return reply.redirect(`${address.base}/thanks`, 303);
    return renderReview(request, reply, address, loaded);
  }

  async function submit(request: FastifyRequest, reply: FastifyReply, kind: SurveyKind) {
    const address = addressOf(request, kind);
    if (!address) return reply.callNotFound();
    const body = Form.parse(request.body ?? {});
    const now = new Date();
    const loaded = await loadDraft(request, address, now);
    if (loaded.state !== 'ok') {
      // A second tab sending after the first one finished: its cookie is gone, its response is not.
      const responseId = z.uuid().safeParse(first(body['response_id']));
      if (responseId.success && (await draftSubmittedFor(app.db, responseId.data))) return reply.redirect(`${address.base}/thanks`, 303);
      return backToIntro(reply, address, loaded);
    }
    const { draft, version } = loaded;
    if (draft.submittedAt) {
      clearDraftCookie(reply, address.base, secure);
      return reply.redirect(`${address.base}/thanks`, 303);
    }

    let pending = submitting.get(draft.idHash);
    if (!pending) {
      const brake = await takeSubmissionSlot(app, request, now);
      if (brake.blocked) return tooMany(reply, brake.retryAfterSeconds);
      pending = intake(
        app.db,
        app.submissions,
        {
          id: draft.responseId,
          campaignCode: draft.campaignCode ?? undefined,
          questionnaireCode: draft.campaignCode ? undefined : version.code,
          version: draft.campaignCode ? undefined : version.version,
          servicePointCode: draft.servicePointCode ?? undefined,
          agencyCode: draft.servicePointCode ? undefined : draft.agencyCode,
          channel: 'online',
          submittedAt: now,
          locale: request.locale,
          answers: draft.answers,
          comment: draft.comment,
          completeness: 'complete',
          startedAt: draft.startedAt,
          honeypot: first(body[HONEYPOT]).trim() !== '',
          dossierHash: draft.dossierHash,
        },
        now,
      );
      submitting.set(draft.idHash, pending);
      void pending.finally(() => submitting.delete(draft.idHash)).catch(() => {});
    }
    const result = await pending;
    if (!result.ok) return renderReview(request, reply, address, loaded, result);

    clearDraftCookie(reply, address.base, secure);
    if (result.outcome === 'dossier-used') {
      await deleteDraft(app.db, draft.idHash);
      return reply.redirect(`${address.base}/rated`, 303);
    }
    // 'replayed' and 'conflict' both mean this draft's response id is already stored: only this draft
    // ever uses it, so the citizen's answer is in, whichever click got there first.
    await markDraftSubmitted(app.db, draft.idHash, request.locale, now);
    // A citizen who wrote a comment may leave a contact to be answered (optional, on its own page).
    if (draft.comment) offerContact(reply, address.base, draft.responseId, secret, secure, now);
    return reply.redirect(`${address.base}/thanks`, 303);
  }

  // ---- Routes ----------------------------------------------------------------------------------

  for (const kind of ['s', 'c'] as const) {
    app.get(`/${kind}/:code`, (request, reply) => intro(request, reply, kind));
    app.post(`/${kind}/:code`, (request, reply) => start(request, reply, kind, false));
    app.post(`/${kind}/:code/restart`, (request, reply) => start(request, reply, kind, true));
    app.get(`/${kind}/:code/p/:n`, (request, reply) => showPage(request, reply, kind));
    app.post(`/${kind}/:code/p/:n`, (request, reply) => savePage(request, reply, kind));
    app.get(`/${kind}/:code/review`, (request, reply) => showReview(request, reply, kind));
    app.post(`/${kind}/:code/review`, (request, reply) => submit(request, reply, kind));
    app.get(`/${kind}/:code/thanks`, (request, reply) => {
      const declined = (request.query as Record<string, unknown> | undefined)?.['lien-he'] === 'khong';
      const contactHref = !declined && offeredResponse(request) ? `/${kind}/${(request.params as { code: string }).code}/lien-he` : null;
      return message(reply, 200, 'survey.thanks.title', request.t('survey.thanks.text'), { thanks: true, contactHref });
    });
    app.get(`/${kind}/:code/rated`, (request, reply) => message(reply, 200, 'survey.rated.title', request.t('survey.rated.text')));
  }
}
