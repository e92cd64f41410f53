// GET /admin/comments/:id: one comment with its response's agency, service point, channel, date and
// ratings, the contact the citizen chose to leave (if any, with its purpose and when it goes), and
// for those who follow comments up the form: status, assignee, deadline, internal note and the reply
// given. POST saves it (POST → 303 → GET; 422 keeps what was typed), audited with before and after.
// A comment outside the user's subtree is a 404, like one that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../../../db/queries/audit.ts';
import { contactDoneWith } from '../../../db/queries/comment-contacts.ts';
import { assigneeCandidates, findCommentInScope, updateFollowUp, type CommentDetail } from '../../../db/queries/comments.ts';
import type { FollowUpStatus } from '../../../db/schema.ts';
import {
  FOLLOW_UP_STATUSES,
  followUpProblems,
  isFollowUpStatus,
  NOTE_MAX,
  OPEN_STATUSES,
  repliedAt,
  REPLY_MAX,
} from '../../../domain/comment-follow-up.ts';
import { CONTACT_DAYS, AFTER_CLOSE_DAYS } from '../../../domain/contact-policy.ts';
import { parseTypedDay } from '../../../domain/period.ts';
import { can } from '../../../domain/roles.ts';
import { cleanText } from '../../../domain/text.ts';
import { formatDate, formatDateTime, localDay } from '../../../i18n/format.ts';
import type { MessageKey } from '../../../i18n/index.ts';
import { flagReasonText } from '../../../results/display.ts';
import { NotFoundError } from '../guard.ts';
import { commentView } from './comment-view.ts';
import { loadVersions } from './inbox-query.ts';

const FIELDS = ['status', 'assigneeId', 'dueOn', 'note', 'reply'] as const;
type Field = (typeof FIELDS)[number];
const text = z.string().catch('');
const Body = z.object(Object.fromEntries(FIELDS.map((f) => [f, text])) as Record<Field, typeof text>);
type Values = z.infer<typeof Body>;
const Params = z.object({ id: z.uuid() });
const Done = z.object({ done: z.enum(['saved']).optional().catch(undefined) });

function commentId(request: FastifyRequest): string {
  const p = Params.safeParse(request.params);
  if (!p.success) throw new NotFoundError();
  return p.data.id.toLowerCase();
}

const valuesOf = (c: CommentDetail): Values => ({
  status: c.status,
  assigneeId: c.assigneeId === null ? '' : String(c.assigneeId),
  dueOn: c.dueOn ? formatDate(c.dueOn, 'vi') : '',
  note: c.note ?? '',
  reply: c.reply ?? '',
});

export default async function followUpRoutes(app: FastifyInstance): Promise<void> {
  async function load(request: FastifyRequest): Promise<CommentDetail> {
    const comment = await findCommentInScope(app.db, commentId(request), request.user!.agencyPath);
    if (!comment) throw new NotFoundError();
    return comment;
  }

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    comment: CommentDetail,
    opts: { status?: number; values?: Values; errors?: { field: Field; message: string }[]; notice?: string | null } = {},
  ) {
    const { t, locale } = request;
    const user = request.user!;
    const now = new Date();
    const versions = new Map((await loadVersions(request)).map((v) => [v.id, v]));
    const manages = can(user.role, 'comments.manage');
    const candidates = manages ? await assigneeCandidates(app.db, user.agencyPath, comment.agencyPath) : [];
    const errors = opts.errors ?? [];
    return reply.page(
      'admin/comments/comment.eta',
      {
        comment: commentView(comment, versions, { t, locale, today: localDay(now) }),
        flagged: comment.responseStatus === 'valid' ? null : (flagReasonText(comment.statusReason, t) ?? ''),
        contact: comment.contact
          ? {
              text: comment.contact.contact,
              left: formatDateTime(comment.contact.consentedAt, locale),
              expires: formatDate(comment.contact.expiresAt, locale),
            }
          : null,
        policy: { days: CONTACT_DAYS, afterClose: AFTER_CLOSE_DAYS },
        reply: comment.reply,
        repliedAt: comment.repliedAt ? formatDateTime(comment.repliedAt, locale) : null,
        note: comment.note,
        updated: comment.updatedAt ? { at: formatDateTime(comment.updatedAt, locale), by: comment.updatedByEmail ?? '' } : null,
        manages,
        action: `/admin/comments/${comment.responseId}`,
        values: opts.values ?? valuesOf(comment),
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        statuses: FOLLOW_UP_STATUSES.map((s) => ({ id: s, value: s, label: t(`comments.status.${s}`) })),
        assignees: candidates.map((c) => ({ value: c.id, label: c.displayName ? `${c.displayName} (${c.email})` : c.email })),
        notice: opts.notice ?? null,
      },
      { status: opts.status, title: t('comments.detail.title') },
    );
  }

  app.get('/comments/:id', { config: { permission: 'comments.read' } }, async (request, reply) => {
    const comment = await load(request);
    const done = Done.parse(request.query ?? {}).done;
    return render(request, reply, comment, { notice: done === 'saved' ? request.t('comments.detail.saved') : null });
  });

  app.post('/comments/:id', { config: { permission: 'comments.manage' } }, async (request, reply) => {
    const user = request.user!;
    const comment = await load(request);
    const parsed = Body.safeParse(request.body ?? {});
    const values = parsed.success ? parsed.data : Body.parse({});
    const byField = new Map<Field, string>();
    const fail = (field: Field, key: MessageKey, params?: Record<string, string | number>) =>
      byField.has(field) || byField.set(field, request.t(key, params));

    const status = values.status;
    if (!isFollowUpStatus(status)) fail('status', 'comments.form.statusInvalid');
    let assigneeId: number | null = null;
    if (values.assigneeId !== '') {
      const candidates = await assigneeCandidates(app.db, user.agencyPath, comment.agencyPath);
      const chosen = candidates.find((c) => String(c.id) === values.assigneeId);
      if (chosen) assigneeId = chosen.id;
      else fail('assigneeId', 'comments.form.assigneeInvalid');
    }
    let dueOn: string | null = null;
    if (values.dueOn.trim() !== '') {
      dueOn = parseTypedDay(values.dueOn);
      if (!dueOn) fail('dueOn', 'comments.form.dateInvalid');
    }
    const note = cleanText(values.note) || null;
    const replyText = cleanText(values.reply) || null;
    if (note && note.length > NOTE_MAX) fail('note', 'comments.form.tooLong', { max: NOTE_MAX });
    if (replyText && replyText.length > REPLY_MAX) fail('reply', 'comments.form.tooLong', { max: REPLY_MAX });
    if (isFollowUpStatus(status))
      for (const p of followUpProblems({ status, assigneeId, dueOn, note, reply: replyText })) fail(p.field, `comments.form.${p.code}`);
    if (byField.size > 0 || !isFollowUpStatus(status)) {
      const errors = FIELDS.filter((f) => byField.has(f)).map((f) => ({ field: f, message: byField.get(f)! }));
      return render(request, reply, comment, { status: 422, values, errors });
    }

    const now = new Date();
    const before = {
      status: comment.status,
      assigneeId: comment.assigneeId,
      dueOn: comment.dueOn,
      note: comment.note,
      reply: comment.reply,
    };
    const after = { status: status as FollowUpStatus, assigneeId, dueOn, note, reply: replyText };
    const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== after[k]);
    if (changed.length > 0) {
      await app.db.transaction().execute(async (tx) => {
        await updateFollowUp(
          tx,
          comment.responseId,
          { ...after, repliedAt: repliedAt({ reply: comment.reply, repliedAt: comment.repliedAt }, after, now) },
          user.id,
          now,
        );
        if (OPEN_STATUSES.includes(comment.status) && !OPEN_STATUSES.includes(after.status))
          await contactDoneWith(tx, comment.responseId, now);
        await audit(tx, {
          action: 'comment.follow-up',
          actorUserId: user.id,
          agencyId: comment.agencyId,
          ip: request.ip || null,
          details: {
            responseId: comment.responseId,
            changed,
            before: Object.fromEntries(changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(changed.map((k) => [k, after[k]])),
          },
        });
      });
    }
    return reply.redirect(`/admin/comments/${comment.responseId}?done=saved`, 303);
  });
}
