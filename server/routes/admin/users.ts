// Staff users for admins and coordinators: list, create, disable, enable — all within the signed-in
// user's subtree. A user id or an agency outside it answers 404, exactly like one that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAgencyById, listSubtree } from '../../db/queries/agencies.ts';
import { EmailTakenError, findUserInScope, listUsersInScope, normaliseEmail, type UserRow } from '../../db/queries/users.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../domain/passwords.ts';
import { canGrant, grantableRoles, ROLES, type Role } from '../../domain/roles.ts';
import { cleanText } from '../../domain/text.ts';
import { formErrors, formMessage as m, zodProblems } from '../../i18n/problems.ts';
import { ForbiddenError } from '../../plugins/http-error.ts';
import { inScope } from '../../plugins/session.ts';
import { setFlash, takeFlash } from './flash.ts';
import { NotFoundError } from './guard.ts';
import { staffActor } from '../../use-cases/actor.ts';
import { createStaffUser, setStaffUserDisabled } from '../../use-cases/users.ts';
import { inLocale } from '../../i18n/index.ts';

const FIELDS = ['email', 'displayName', 'role', 'agencyId', 'password'] as const;
type Field = (typeof FIELDS)[number];
interface FormError {
  field?: Field;
  message: string;
}

// Each field is read as a string whatever was sent, so a malformed body is a form error, not a 500.
const text = z.string().catch('');
const CreateUserBody = z.object({ email: text, displayName: text, role: text, agencyId: text, password: text });
type CreateUserValues = z.infer<typeof CreateUserBody>;

const CreateUser = z.object({
  email: z
    .string()
    .transform(normaliseEmail)
    .pipe(z.email(m('users.emailInvalid')).max(254, m('users.emailInvalid'))),
  displayName: z
    .string()
    .transform(cleanText)
    .pipe(z.string().max(200, m('users.nameTooLong'))),
  role: z.enum(ROLES as [Role, ...Role[]], m('users.roleInvalid')),
  agencyId: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, m('users.agencyInvalid'))
    .transform(Number),
  password: z
    .string()
    .refine((p) => p === '' || [...p].length >= MIN_PASSWORD_LENGTH, m('users.passwordShort'))
    .refine((p) => p.length <= MAX_PASSWORD_LENGTH, m('users.passwordLong')),
});

const IdParams = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/)
    .transform(Number),
});

function userId(request: FastifyRequest): number {
  const r = IdParams.safeParse(request.params);
  if (!r.success) throw new NotFoundError();
  return r.data.id;
}

export default async function userRoutes(app: FastifyInstance): Promise<void> {
  async function renderList(request: FastifyRequest, reply: FastifyReply, opts: { status?: number; errors?: FormError[] } = {}) {
    const me = request.user!;
    const users = await listUsersInScope(app.db, me.agencyPath);
    const flash = takeFlash(request, reply);
    const manageable = (u: UserRow) => u.id !== me.id && canGrant(me.role, u.role);
    return reply.page(
      'admin/users/list.eta',
      { users, flash, errors: opts.errors ?? [], manageable },
      { status: opts.status, title: request.t('users.title') },
    );
  }

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { status?: number; values?: Partial<CreateUserValues>; errors?: FormError[] } = {},
  ) {
    const me = request.user!;
    const agencies = await listSubtree(app.db, me.agencyPath);
    const rootDepth = agencies[0]?.depth ?? 0;
    const name = (a: { name_vi: string; name_en: string | null }) => inLocale(request.locale, a.name_vi, a.name_en);
    const errors = opts.errors ?? [];
    return reply.page(
      'admin/users/new.eta',
      {
        values: { email: '', displayName: '', role: '', agencyId: '', ...opts.values },
        errors,
        fieldErrors: Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field, e.message])),
        roleOptions: grantableRoles(me.role).map((r) => ({ value: r, label: request.t(`role.${r}`) })),
        agencyOptions: agencies.map((a) => ({
          value: a.id,
          label: `${'— '.repeat(a.depth - rootDepth)}${name(a)} (${a.code})`,
        })),
      },
      { status: opts.status, title: request.t('users.newTitle') },
    );
  }

  app.get('/users', { config: { permission: 'users.manage' } }, async (request, reply) => renderList(request, reply));

  app.get('/users/new', { config: { permission: 'users.manage' } }, async (request, reply) => renderNew(request, reply));

  app.post('/users', { config: { permission: 'users.manage' } }, async (request, reply) => {
    const me = request.user!;
    const body = CreateUserBody.safeParse(request.body ?? {});
    const values = body.success ? body.data : CreateUserBody.parse({});
    const parsed = CreateUser.safeParse(values);

    // An agency id that is well formed but outside the subtree can only come from a crafted
    // request: answer as if it did not exist, before anything else is looked at.
    if (/^[1-9][0-9]{0,15}$/.test(values.agencyId)) {
      const agency = await findAgencyById(app.db, Number(values.agencyId));
      if (!agency || !inScope(me, agency.path)) throw new NotFoundError();
    }

    const errors: FormError[] = [];
    if (!parsed.success) {
      errors.push(...formErrors(request.t, FIELDS, zodProblems(parsed.error, values)));
    } else if (!canGrant(me.role, parsed.data.role)) {
      errors.push({ field: 'role', message: request.t('users.roleNotAllowed') });
    }
    if (!parsed.success || errors.length > 0) return renderNew(request, reply, { status: 422, values, errors });

    const input = parsed.data;
    let password: string | null;
    try {
      // One implementation with `hailong user add` (server/use-cases/users.ts); the agency was checked above.
      const created = await createStaffUser(app.db, staffActor(request), {
        email: input.email,
        displayName: input.displayName || null,
        role: input.role,
        agencyId: input.agencyId,
        password: input.password || null,
      });
      if (!created.ok) throw new NotFoundError();
      password = created.generatedPassword;
    } catch (err) {
      if (!(err instanceof EmailTakenError)) throw err;
      return renderNew(request, reply, { status: 422, values, errors: [{ field: 'email', message: request.t('users.emailTaken') }] });
    }
    setFlash(request, reply, { kind: 'created', email: input.email, password: password ?? undefined });
    return reply.redirect('/admin/users', 303);
  });

  async function changeDisabled(request: FastifyRequest, reply: FastifyReply, disabled: boolean) {
    const me = request.user!;
    const target = await findUserInScope(app.db, userId(request), me.agencyPath);
    if (!target) throw new NotFoundError();
    if (!canGrant(me.role, target.role)) throw new ForbiddenError();
    if (disabled && target.id === me.id) {
      return renderList(request, reply, { status: 422, errors: [{ message: request.t('users.cannotDisableSelf') }] });
    }
    await setStaffUserDisabled(app.db, staffActor(request), { id: target.id, email: target.email, agencyId: target.agencyId }, disabled);
    setFlash(request, reply, { kind: disabled ? 'disabled' : 'enabled', email: target.email });
    return reply.redirect('/admin/users', 303);
  }

  app.post('/users/:id/disable', { config: { permission: 'users.manage' } }, async (request, reply) =>
    changeDisabled(request, reply, true),
  );
  app.post('/users/:id/enable', { config: { permission: 'users.manage' } }, async (request, reply) =>
    changeDisabled(request, reply, false),
  );
}
