// After a citizen sends a comment, the thank-you page offers to leave a contact to be answered:
// optional, its purpose and how long it is kept stated before anything is typed, stored apart
// from the answers (comment_contacts) and deleted when it expires (invariant 6). The browser proves
// it sent that comment with a short signed cookie set at the submit (server/domain/contact-offer.ts).
// GET/POST {base}/lien-he: one thing per page, POST → 303 → GET, 422 keeping what was typed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { commentOfResponse, saveContact } from '../../db/queries/comment-contacts.ts';
import { contactOffer, verifyContactOffer } from '../../domain/contact-offer.ts';
import { CONTACT_DAYS, CONTACT_OFFER_HOURS, contactProblem } from '../../domain/contact-policy.ts';
import { cleanText } from '../../domain/text.ts';
import { surveyAddress, type SurveyKind } from './opening.ts';

const OFFER_COOKIE = 'hl_contact';
const Params = z.object({ code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) });
const Body = z.object({ contact: z.string().catch('') }).catch({ contact: '' });

/** Called at a successful submit of a response with a comment: the thank-you page may then offer. */
export function offerContact(reply: FastifyReply, base: string, responseId: string, secret: string, secure: boolean, now: Date): void {
  reply.setCookie(OFFER_COOKIE, contactOffer(secret, responseId, now), {
    path: base,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: CONTACT_OFFER_HOURS * 3600,
  });
}

/** The response this browser may leave a contact for at this survey address, if any. */
export function offeredResponse(request: FastifyRequest, now = new Date()): string | null {
  return verifyContactOffer(request.server.config.sessionSecret, request.cookies[OFFER_COOKIE], now);
}

export default async function contactRoutes(app: FastifyInstance): Promise<void> {
  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    base: string,
    opts: { status?: number; value?: string; error?: string | null } = {},
  ) {
    const t = request.t;
    const errors = opts.error ? [{ field: 'contact', message: opts.error }] : [];
    const title = t('comments.contact.title');
    return reply.page(
      'survey/contact.eta',
      { base, action: `${base}/lien-he`, value: opts.value ?? '', error: opts.error ?? null, errors, days: CONTACT_DAYS },
      { status: opts.status, title: errors.length > 0 ? t('survey.errorTitle', { title }) : title },
    );
  }

  function expired(request: FastifyRequest, reply: FastifyReply) {
    const t = request.t;
    return reply.page(
      'survey/message.eta',
      { heading: t('comments.contact.expiredTitle'), text: t('comments.contact.expiredText', { hours: CONTACT_OFFER_HOURS }) },
      { status: 410, title: t('comments.contact.expiredTitle') },
    );
  }

  for (const kind of ['s', 'c'] as const satisfies readonly SurveyKind[]) {
    app.get(`/${kind}/:code/lien-he`, async (request, reply) => {
      const p = Params.safeParse(request.params);
      if (!p.success) return reply.callNotFound();
      const base = surveyAddress(kind, p.data.code).base;
      if (!offeredResponse(request)) return expired(request, reply);
      return render(request, reply, base);
    });

    // The one field is cleaned and checked here (control characters dropped, then the contact's own
    // rule), so the citizen gets the form back with its error summary rather than the guard's page.
    app.post(`/${kind}/:code/lien-he`, { config: { textChecked: true } }, async (request, reply) => {
      const p = Params.safeParse(request.params);
      if (!p.success) return reply.callNotFound();
      const base = surveyAddress(kind, p.data.code).base;
      const now = new Date();
      const responseId = offeredResponse(request, now);
      const comment = responseId ? await commentOfResponse(app.db, responseId) : undefined;
      if (!responseId || !comment) return expired(request, reply);
      const contact = cleanText(Body.parse(request.body ?? {}).contact).replace(/\s+/g, ' ');
      const problem = contactProblem(contact);
      if (problem)
        return render(request, reply, base, { status: 422, value: contact.slice(0, 300), error: request.t(`comments.contact.${problem}`) });
      await saveContact(app.db, { responseId, provinceId: comment.provinceId, contact, now });
      return reply.redirect(`${base}/lien-he/da-nhan`, 303);
    });

    app.get(`/${kind}/:code/lien-he/da-nhan`, async (request, reply) => {
      const t = request.t;
      return reply.page(
        'survey/message.eta',
        { heading: t('comments.contact.thanksTitle'), text: t('comments.contact.thanksText', { days: CONTACT_DAYS }) },
        { title: t('comments.contact.thanksTitle') },
      );
    });
  }
}
