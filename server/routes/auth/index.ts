// Staff sign-in and sign-out. Failures all look alike (no user enumeration); an address that keeps
// failing on an account is locked out of it for a while, an address that keeps trying is held back,
// and an account failing from many addresses is slowed down for unfamiliar ones and raises an alert
// — all from rows in the database, so that every app instance applies the same brakes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit, auditedSince } from '../../db/queries/audit.ts';
import {
  accountFailureAddresses,
  accountFailures,
  isFamiliarAddress,
  recentAttemptsFromIp,
  recentFailures,
  recordSignInAttempt,
} from '../../db/queries/sign-in-attempts.ts';
import { findUserByEmail, markSignedIn } from '../../db/queries/users.ts';
import { verifyAgainstDummy, verifyPassword } from '../../domain/passwords.ts';
import {
  accountBrake,
  brake,
  emailKey,
  EMAIL_FAILURE_LIMIT,
  IP_ATTEMPT_LIMIT,
  underAttack,
  WINDOW_MS,
  type Brake,
} from '../../domain/sign-in-limits.ts';
import { safeNext, staffHome } from './staff-home.ts';

interface FormError {
  field?: 'email' | 'password';
  message: string;
}

const SignInForm = z.object({
  email: z.string().catch(''),
  password: z.string().catch(''),
  next: z.unknown().optional(),
});

const SignInQuery = z.object({
  next: z.unknown().optional(),
  signed_out: z.unknown().optional(),
});

export default async function authRoutes(app: FastifyInstance): Promise<void> {
  function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { status?: number; email?: string; next?: string; errors?: FormError[]; notice?: string },
  ) {
    const errors = opts.errors ?? [];
    const fieldErrors = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field, e.message]));
    return reply.page(
      'auth/sign-in.eta',
      { email: opts.email ?? '', next: opts.next, errors, fieldErrors, notice: opts.notice },
      { status: opts.status, title: request.t('signIn.title') },
    );
  }

  function refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    b: Brake,
    key: 'signIn.locked' | 'signIn.rateLimited' | 'signIn.slowed',
    email: string,
    next?: string,
  ) {
    reply.header('Retry-After', String(b.retryAfterSeconds));
    return renderForm(request, reply, {
      status: 429,
      email,
      next,
      errors: [{ message: request.t(key, { minutes: b.minutes, seconds: b.retryAfterSeconds }) }],
    });
  }

  const ALERT = 'auth.account_under_attack';
  /**
   * The alert in the audit log when an account starts failing from many addresses: once per
   * window, as the failure that crosses the limit is recorded, with how many addresses took part.
   */
  async function alertWhenUnderAttack(email: string, agencyId: number | null, now: Date) {
    const failures = await accountFailures(app.db, email, now);
    if (!underAttack(failures, now)) return;
    if (await auditedSince(app.db, ALERT, email, new Date(now.getTime() - WINDOW_MS))) return;
    const addresses = await accountFailureAddresses(app.db, email, now);
    await audit(app.db, {
      action: ALERT,
      actorLabel: email,
      agencyId,
      details: { failures: failures.length, addresses, windowMinutes: WINDOW_MS / 60_000 },
    });
  }

  app.get('/sign-in', async (request, reply) => {
    const q = SignInQuery.catch({}).parse(request.query ?? {});
    const next = safeNext(q.next);
    if (request.user) return reply.redirect(next ?? staffHome(request.user.role), 303);
    const notice = q.signed_out === '1' ? request.t('signIn.signedOut') : next ? request.t('signIn.required') : undefined;
    return renderForm(request, reply, { next, notice });
  });

  app.post('/sign-in', async (request, reply) => {
    const parsed = SignInForm.safeParse(request.body ?? {});
    const form = parsed.success ? parsed.data : { email: '', password: '', next: undefined };
    const next = safeNext(form.next);
    const typed = form.email.normalize('NFC').trim().slice(0, 320);
    const errors: FormError[] = [];
    if (!typed) errors.push({ field: 'email', message: request.t('signIn.emailRequired') });
    if (!form.password) errors.push({ field: 'password', message: request.t('signIn.passwordRequired') });
    if (errors.length > 0) return renderForm(request, reply, { status: 422, email: typed, next, errors });

    const now = new Date();
    const ip = request.ip || 'unknown';
    const email = emailKey(typed);

    // Refused attempts from a busy address are not recorded: the limit is a sliding window, and a
    // client hammering it must not fill the table.
    const ipBrake = brake(await recentAttemptsFromIp(app.db, ip, now), IP_ATTEMPT_LIMIT, now);
    if (ipBrake.blocked) return refuse(request, reply, ipBrake, 'signIn.rateLimited', typed, next);

    // The lock is this address's on this account; the slow-down holds back addresses new to an
    // account failing from many places. Both refusals count for the address's rate, never against
    // the account (server/domain/sign-in-limits.ts).
    const lock = brake(await recentFailures(app.db, email, ip, now), EMAIL_FAILURE_LIMIT, now);
    const slow = lock.blocked
      ? lock
      : accountBrake(await accountFailures(app.db, email, now), now, await isFamiliarAddress(app.db, email, ip, now));
    if (slow.blocked) {
      await recordSignInAttempt(app.db, { email, ip, succeeded: false, refused: true, at: now });
      await audit(app.db, {
        action: 'auth.sign_in_failed',
        actorLabel: email,
        ip,
        details: { reason: lock.blocked ? 'locked' : 'slowed' },
      });
      return refuse(request, reply, slow, lock.blocked ? 'signIn.locked' : 'signIn.slowed', typed, next);
    }

    // The same work whether or not the email exists, and whether or not the user is disabled.
    const user = await findUserByEmail(app.db, typed);
    const passwordOk = user ? await verifyPassword(user.password_hash, form.password) : await verifyAgainstDummy(form.password);

    if (!user || !passwordOk || user.disabled_at) {
      const reason = !user ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'disabled';
      await recordSignInAttempt(app.db, { email, ip, succeeded: false, at: now });
      await audit(app.db, { action: 'auth.sign_in_failed', actorLabel: email, agencyId: user?.agency_id ?? null, ip, details: { reason } });
      await alertWhenUnderAttack(email, user?.agency_id ?? null, now);
      const locked = brake(await recentFailures(app.db, email, ip, now), EMAIL_FAILURE_LIMIT, now);
      if (locked.blocked) return refuse(request, reply, locked, 'signIn.locked', typed, next);
      return renderForm(request, reply, {
        status: 422,
        email: typed,
        next,
        errors: [{ field: 'email', message: request.t('signIn.failed') }],
      });
    }

    await recordSignInAttempt(app.db, { email, ip, succeeded: true, at: now });
    await markSignedIn(app.db, user.id, now);
    await audit(app.db, { action: 'auth.sign_in', actorUserId: user.id, agencyId: user.agency_id, ip });
    await app.startSession(request, reply, user.id);
    return reply.redirect(next ?? staffHome(user.role), 303);
  });

  // A POST with the CSRF token (checked by the csrf plugin): a link or an image cannot sign anyone out.
  app.post('/sign-out', async (request, reply) => {
    const user = request.user;
    if (user) await audit(app.db, { action: 'auth.sign_out', actorUserId: user.id, agencyId: user.agencyId, ip: request.ip || null });
    await app.endSession(request, reply);
    return reply.redirect('/sign-in?signed_out=1', 303);
  });
}
