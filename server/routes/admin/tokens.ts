// API tokens for other systems (issue 13): the list of the user's subtree with last use, expiry and
// status; a form to create one (name, agency, scope, optional expiry) whose secret is shown once
// after the POST → 303, through the encrypted flash; and revoking. Creating and revoking are the
// use-cases `hailong token` runs too (server/use-cases/tokens.ts), audited there.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAgencyById, listSubtree } from '../../db/queries/agencies.ts';
import { listApiTokens } from '../../db/queries/api-tokens.ts';
import { addDays, parseTypedDay } from '../../domain/period.ts';
import { cleanText } from '../../domain/text.ts';
import { localDay, startOfLocalDay } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { TOKEN_SCOPES, type TokenScope } from '../../db/schema.ts';
import { inScope } from '../../plugins/session.ts';
import { staffActor } from '../../use-cases/actor.ts';
import { createToken, revokeToken } from '../../use-cases/tokens.ts';
import { setTokenFlash, takeTokenFlash } from './flash.ts';
import { NotFoundError } from './guard.ts';

const TOKENS_PATH = '/tokens';

type Field = 'name' | 'agencyId' | 'scope' | 'expiresOn';
interface FormError {
  field: Field;
  message: string;
}

// Every field read as a string whatever was sent: a malformed body is a form error, not a 500.
const text = z.string().catch('');
const CreateBody = z.object({ name: text, agencyId: text, scope: text, expiresOn: text });
type CreateValues = z.infer<typeof CreateBody>;
const ID = /^[1-9][0-9]{0,15}$/;
const IdParams = z.object({ id: z.string().regex(ID).transform(Number) });
const Notice = z.object({
  done: z.enum(['revoked', 'already']).optional().catch(undefined),
  name: z.string().max(200).optional().catch(undefined),
});

export default async function tokenRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'tokens.manage' as const };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { status?: number; values?: CreateValues; errors?: FormError[] } = {},
  ) {
    const me = request.user!;
    const name = (vi: string, en: string | null) => (request.locale === 'en' && en ? en : vi);
    const [tokens, agencies] = await Promise.all([listApiTokens(app.db, { scopePath: me.agencyPath }), listSubtree(app.db, me.agencyPath)]);
    const rootDepth = agencies[0]?.depth ?? 0;
    const now = Date.now();
    const errors = opts.errors ?? [];
    const q = Notice.parse(request.query ?? {});
    return reply.page(
      'admin/tokens/index.eta',
      {
        agency: name(me.agencyNameVi, me.agencyNameEn),
        tokens: tokens.map((t) => ({
          ...t,
          agencyName: name(t.agency_name_vi, t.agency_name_en),
          status: t.revoked_at ? 'revoked' : t.expires_at && t.expires_at.getTime() <= now ? 'expired' : 'active',
          // The last day it is accepted, as it was typed (the expiry is midnight after it).
          lastDay: t.expires_at ? addDays(localDay(t.expires_at), -1) : null,
        })),
        created: takeTokenFlash(request, reply),
        notice: q.done && q.name ? { kind: q.done, name: q.name } : null,
        values: opts.values ?? { name: '', agencyId: '', scope: '', expiresOn: '' },
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        agencyOptions: agencies.map((a) => ({
          value: a.id,
          label: `${'— '.repeat(a.depth - rootDepth)}${name(a.name_vi, a.name_en)} (${a.code})`,
        })),
      },
      { status: opts.status, title: request.t('tokensPage.title') },
    );
  }

  app.get(TOKENS_PATH, { config }, async (request, reply) => render(request, reply));

  app.post(TOKENS_PATH, { config }, async (request, reply) => {
    const me = request.user!;
    const body = CreateBody.safeParse(request.body ?? {});
    const values = body.success ? body.data : CreateBody.parse({});
    // An agency id that is well formed but outside the subtree can only come from a crafted request.
    if (ID.test(values.agencyId)) {
      const agency = await findAgencyById(app.db, Number(values.agencyId));
      if (!agency || !inScope(me, agency.path)) throw new NotFoundError();
    }
    const errors: FormError[] = [];
    const fail = (field: Field, key: MessageKey) => errors.push({ field, message: request.t(key) });
    const name = cleanText(values.name);
    if (name.length < 1 || name.length > 200) fail('name', 'tokensPage.error.name');
    if (!ID.test(values.agencyId)) fail('agencyId', 'tokensPage.error.agency');
    if (!(TOKEN_SCOPES as readonly string[]).includes(values.scope)) fail('scope', 'tokensPage.error.scope');
    let expiresAt: Date | null = null;
    if (values.expiresOn.trim() !== '') {
      const day = parseTypedDay(values.expiresOn.slice(0, 40));
      if (!day || day < localDay(new Date())) fail('expiresOn', 'tokensPage.error.expires');
      else expiresAt = startOfLocalDay(addDays(day, 1));
    }
    if (errors.length > 0) return render(request, reply, { status: 422, values, errors });

    const created = await createToken(app.db, staffActor(request), {
      agencyId: Number(values.agencyId),
      name,
      scope: values.scope as TokenScope,
      expiresAt,
    });
    if (!created.ok) throw new NotFoundError();
    setTokenFlash(request, reply, { name: created.row.name, token: created.token });
    return reply.redirect(`/admin${TOKENS_PATH}`, 303);
  });

  app.post(`${TOKENS_PATH}/:id/revoke`, { config }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const { result, token } = await revokeToken(app.db, staffActor(request), params.data.id);
    if (result === 'not-found' || !token) throw new NotFoundError();
    const qs = new URLSearchParams({ done: result === 'revoked' ? 'revoked' : 'already', name: token.name });
    return reply.redirect(`/admin${TOKENS_PATH}?${qs}`, 303);
  });
}
