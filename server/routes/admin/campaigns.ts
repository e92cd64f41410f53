// Campaigns (issue 13, point 4): the list of the user's campaigns, one form to create and to change
// a campaign (questionnaire version, agencies covered, channels, dates), the links citizens use
// (the campaign's /c/… link and each covered service point's /s/… link with its QR code and
// poster), and closing. The writes are the use-cases `hailong campaign` runs too
// (server/use-cases/campaigns.ts), checked for scope and audited there.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listSubtree } from '../../db/queries/agencies.ts';
import { campaignServicePoints, listCampaignsInScope } from '../../db/queries/campaigns.ts';
import { listQuestionnaires, listQuestionnaireVersions } from '../../db/queries/questionnaires.ts';
import type { Channel } from '../../db/schema.ts';
import { parseTypedDay } from '../../domain/period.ts';
import { surveyUrl } from '../../domain/qr.ts';
import { cleanText } from '../../domain/text.ts';
import { inLocale, type MessageKey } from '../../i18n/index.ts';
import { staffActor } from '../../use-cases/actor.ts';
import {
  campaignForActor,
  changeCampaign,
  closeCampaign,
  createCampaign,
  type CampaignProblem,
  type CampaignSettings,
} from '../../use-cases/campaigns.ts';
import { NotFoundError } from './guard.ts';

const CAMPAIGNS_PATH = '/campaigns';
const CHANNELS: readonly Channel[] = ['online', 'kiosk', 'paper', 'api'];
const CODE = /^[A-Za-z0-9._-]{1,64}$/;
const ID = /^[1-9][0-9]{0,15}$/;

type Field = 'code' | 'nameVi' | 'nameEn' | 'versionId' | 'agencyIds' | 'channels' | 'startsOn' | 'endsOn';
interface FormError {
  field: Field;
  message: string;
}

// Every field read as text whatever was sent (a checkbox list as a list): a malformed body is a
// form error, not a 500.
const text = z.string().max(1000).catch('');
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .catch([]);
const Body = z.object({
  code: text,
  nameVi: text,
  nameEn: text,
  versionId: text,
  agencyIds: list,
  channels: list,
  startsOn: text,
  endsOn: text,
});
type Values = z.infer<typeof Body>;
const IdParams = z.object({ id: z.string().regex(ID).transform(Number) });
const Notice = z.object({ done: z.enum(['created', 'saved', 'closed', 'already']).optional().catch(undefined) });

/** An ISO day as typed in the form: dd/mm/yyyy. */
const typed = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

/** Which field each of the use-case's problems belongs to. */
const PROBLEM_FIELD: Record<CampaignProblem, Field> = {
  'code-taken': 'code',
  'agency-not-found': 'agencyIds',
  'provinces-mixed': 'agencyIds',
  'version-not-found': 'versionId',
  'version-fixed': 'versionId',
  'ends-before-start': 'endsOn',
};
const PROBLEM_KEY: Record<CampaignProblem, MessageKey> = {
  'code-taken': 'campaignsPage.error.code-taken',
  'agency-not-found': 'campaignsPage.error.agencies',
  'provinces-mixed': 'campaignsPage.error.provinces-mixed',
  'version-not-found': 'campaignsPage.error.version',
  'version-fixed': 'campaignsPage.error.version-fixed',
  'ends-before-start': 'campaignsPage.error.ends-before-start',
};

export default async function campaignRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'campaigns.manage' as const };

  /** The form's choices: every published version, and the agencies of the user's subtree in tree order. */
  async function choices(request: FastifyRequest) {
    const me = request.user!;
    const locale = request.locale;
    const [questionnaires, agencies] = await Promise.all([listQuestionnaires(app.db), listSubtree(app.db, me.agencyPath)]);
    const versionOptions = [];
    for (const q of questionnaires)
      for (const v of await listQuestionnaireVersions(app.db, q.code))
        versionOptions.push({
          value: v.versionId,
          label: request.t('campaignsPage.versionOf', { title: inLocale(locale, q.titleVi, q.titleEn), version: v.version }),
        });
    const rootDepth = agencies[0]?.depth ?? 0;
    const agencyOptions = agencies.map((a) => ({
      value: String(a.id),
      label: `${inLocale(locale, a.name_vi, a.name_en)} (${a.code})`,
      depth: a.depth - rootDepth,
    }));
    return { versionOptions, agencyOptions };
  }

  /** Reads the form: its problems, and the settings when there are none. */
  function read(request: FastifyRequest, values: Values, creating: boolean): { errors: FormError[]; settings: CampaignSettings | null } {
    const errors: FormError[] = [];
    const fail = (field: Field, key: MessageKey) => errors.push({ field, message: request.t(key) });
    if (creating && !CODE.test(values.code.trim())) fail('code', 'campaignsPage.error.code');
    const nameVi = cleanText(values.nameVi);
    const nameEn = cleanText(values.nameEn);
    if (nameVi.length < 1 || nameVi.length > 200) fail('nameVi', 'campaignsPage.error.nameVi');
    if (nameEn.length > 200) fail('nameEn', 'campaignsPage.error.nameEn');
    if (!ID.test(values.versionId)) fail('versionId', 'campaignsPage.error.version');
    const agencyIds = values.agencyIds.filter((v) => ID.test(v)).map(Number);
    if (agencyIds.length === 0) fail('agencyIds', 'campaignsPage.error.agencies');
    const channels = CHANNELS.filter((c) => values.channels.includes(c));
    if (channels.length === 0) fail('channels', 'campaignsPage.error.channels');
    const startsOn = parseTypedDay(values.startsOn.slice(0, 40));
    if (!startsOn) fail('startsOn', 'campaignsPage.error.startsOn');
    const endsOn = values.endsOn.trim() === '' ? null : parseTypedDay(values.endsOn.slice(0, 40));
    if (values.endsOn.trim() !== '' && !endsOn) fail('endsOn', 'campaignsPage.error.endsOn');
    if (errors.length > 0 || !startsOn) return { errors, settings: null };
    return {
      errors,
      settings: { nameVi, nameEn: nameEn || null, questionnaireVersionId: Number(values.versionId), startsOn, endsOn, channels, agencyIds },
    };
  }

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { id: number | null; values: Values; errors?: FormError[]; status?: number; extra?: Record<string, unknown> },
  ) {
    const errors = opts.errors ?? [];
    const title =
      opts.id === null ? request.t('campaignsPage.form.newTitle') : request.t('campaignsPage.form.editTitle', { code: opts.values.code });
    return reply.page(
      opts.id === null ? 'admin/campaigns/new.eta' : 'admin/campaigns/show.eta',
      {
        ...(await choices(request)),
        id: opts.id,
        values: opts.values,
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        channelOptions: CHANNELS.map((c) => ({ value: c, label: request.t(`results.channel.${c}`) })),
        heading: title,
        ...opts.extra,
      },
      { status: opts.status, title: errors.length > 0 ? request.t('survey.errorTitle', { title }) : title },
    );
  }

  app.get(CAMPAIGNS_PATH, { config }, async (request, reply) => {
    const me = request.user!;
    const locale = request.locale;
    const rows = await listCampaignsInScope(app.db, me.agencyPath);
    return reply.page(
      'admin/campaigns/index.eta',
      {
        agency: inLocale(locale, me.agencyNameVi, me.agencyNameEn),
        campaigns: rows.map((c) => ({
          id: c.id,
          code: c.code,
          name: inLocale(locale, c.name_vi, c.name_en),
          questionnaire: request.t('campaignsPage.versionOf', {
            title: inLocale(locale, c.questionnaire_title_vi, c.questionnaire_title_en),
            version: c.version,
          }),
          startsOn: c.starts_on,
          endsOn: c.ends_on,
          channels: c.channels.map((ch) => request.t(`results.channel.${ch}`)).join(', '),
          agencies: c.agency_count,
          status: c.status,
        })),
      },
      { title: request.t('campaignsPage.title') },
    );
  });

  const blank: Values = { code: '', nameVi: '', nameEn: '', versionId: '', agencyIds: [], channels: ['online'], startsOn: '', endsOn: '' };

  app.get(`${CAMPAIGNS_PATH}/new`, { config }, async (request, reply) => renderForm(request, reply, { id: null, values: blank }));

  app.post(CAMPAIGNS_PATH, { config }, async (request, reply) => {
    const parsed = Body.safeParse(request.body ?? {});
    const values = parsed.success ? parsed.data : blank;
    const { errors, settings } = read(request, values, true);
    if (!settings) return renderForm(request, reply, { id: null, values, errors, status: 422 });
    const saved = await createCampaign(app.db, staffActor(request), { ...settings, code: values.code.trim() });
    if (!saved.ok) {
      // An agency outside the subtree can only come from a crafted request: it looks like none.
      if (saved.problems.includes('agency-not-found') && settings.agencyIds.length > 0) throw new NotFoundError();
      const problems = saved.problems.map((p) => ({ field: PROBLEM_FIELD[p], message: request.t(PROBLEM_KEY[p]) }));
      return renderForm(request, reply, { id: null, values, errors: problems, status: 422 });
    }
    return reply.redirect(`/admin${CAMPAIGNS_PATH}/${saved.campaign.id}?done=created`, 303);
  });

  /** The campaign named in the URL, if the user oversees it; 404 otherwise, like one that does not exist. */
  async function campaignOf(request: FastifyRequest) {
    const params = IdParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const found = await campaignForActor(app.db, staffActor(request), params.data.id);
    if (!found) throw new NotFoundError();
    return found;
  }

  /** What the campaign page shows besides the form: the notice, the links, the close button. */
  async function showExtra(request: FastifyRequest, found: NonNullable<Awaited<ReturnType<typeof campaignForActor>>>) {
    const { campaign } = found;
    const locale = request.locale;
    const points = await campaignServicePoints(app.db, campaign.id);
    const base = app.config.publicUrl.replace(/\/+$/, '');
    return {
      code: campaign.code,
      status: campaign.status,
      notice: Notice.parse(request.query ?? {}).done ?? null,
      campaignUrl: `${base}/c/${encodeURIComponent(campaign.code)}`,
      online: campaign.channels.includes('online'),
      points: points.map((p) => ({
        code: p.code,
        name: inLocale(locale, p.name_vi, p.name_en),
        agency: inLocale(locale, p.agency_name_vi, p.agency_name_en),
        url: surveyUrl(app.config.publicUrl, p.code),
      })),
    };
  }

  app.get(`${CAMPAIGNS_PATH}/:id`, { config }, async (request, reply) => {
    const found = await campaignOf(request);
    const c = found.campaign;
    const values: Values = {
      code: c.code,
      nameVi: c.name_vi,
      nameEn: c.name_en ?? '',
      versionId: String(c.questionnaire_version_id),
      agencyIds: found.agencies.map((a) => String(a.id)),
      channels: c.channels,
      startsOn: typed(c.starts_on),
      endsOn: typed(c.ends_on),
    };
    return renderForm(request, reply, { id: c.id, values, extra: await showExtra(request, found) });
  });

  app.post(`${CAMPAIGNS_PATH}/:id`, { config }, async (request, reply) => {
    const found = await campaignOf(request);
    const parsed = Body.safeParse(request.body ?? {});
    const values = { ...(parsed.success ? parsed.data : blank), code: found.campaign.code };
    const { errors, settings } = read(request, values, false);
    const again = async (errs: FormError[]) =>
      renderForm(request, reply, { id: found.campaign.id, values, errors: errs, status: 422, extra: await showExtra(request, found) });
    if (!settings) return again(errors);
    const saved = await changeCampaign(app.db, staffActor(request), found.campaign.id, settings);
    if (!saved) throw new NotFoundError();
    if (!saved.ok) {
      // An agency outside the subtree can only come from a crafted request: it looks like none.
      if (saved.problems.includes('agency-not-found')) throw new NotFoundError();
      return again(saved.problems.map((p) => ({ field: PROBLEM_FIELD[p], message: request.t(PROBLEM_KEY[p]) })));
    }
    return reply.redirect(`/admin${CAMPAIGNS_PATH}/${found.campaign.id}?done=saved`, 303);
  });

  app.post(`${CAMPAIGNS_PATH}/:id/close`, { config }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const { result } = await closeCampaign(app.db, staffActor(request), params.data.id);
    if (result === 'not-found') throw new NotFoundError();
    return reply.redirect(`/admin${CAMPAIGNS_PATH}/${params.data.id}?done=${result === 'closed' ? 'closed' : 'already'}`, 303);
  });
}
