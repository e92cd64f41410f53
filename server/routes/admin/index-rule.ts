// The province's index rule (issue 16): its official rule and the minimum sample of each part, set
// by a coordinator or an admin at the province itself. Like publishing, a province is a root of the
// tree: a user below it has no province in scope, and a province outside the subtree answers 404
// exactly like one that does not exist. Every change is audited with its before and after.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../../db/queries/audit.ts';
import { findProvince, provincesInScope } from '../../db/queries/publication.ts';
import { getSetting, setSetting } from '../../db/queries/settings.ts';
import type { Agency } from '../../db/schema.ts';
import { MAX_MINIMUM, OFFICIAL_RULES, parseRuleSettings, ruleSettingKey, type RuleSettings } from '../../domain/rule-settings.ts';
import { inLocale } from '../../i18n/index.ts';
import { inScope } from '../../plugins/session.ts';
import { NotFoundError } from './guard.ts';

const INDEX_RULE_PATH = '/results/rule';

// Read as strings whatever was sent, so that a malformed body is a form error, not a 500.
// A repeated field (an array) is no rule at all: '?' fails the check below rather than meaning the default.
const text = z.string().catch('');
const Body = z.object({ province: text, rule: z.string().catch('?'), criterion: text, element: text, overall: text });
const Query = z.object({ province: z.string().max(64).optional().catch(undefined), done: z.literal('1').optional().catch(undefined) });

type Values = { rule: string; criterion: string; element: string; overall: string };
type Field = keyof Values;

const valuesOf = (s: RuleSettings): Values => ({
  rule: s.rule ?? '',
  criterion: String(s.minimums.criterion),
  element: String(s.minimums.element),
  overall: String(s.minimums.overall),
});

const name = (a: Pick<Agency, 'name_vi' | 'name_en'>, locale: string) => inLocale(locale, a.name_vi, a.name_en);

/** The submitted form as settings, or the message key of each field at fault. */
function parseForm(v: Values): { ok: true; settings: RuleSettings } | { ok: false; problems: Partial<Record<Field, 'rule' | 'minimum'>> } {
  const problems: Partial<Record<Field, 'rule' | 'minimum'>> = {};
  const rule = v.rule === '' ? null : (OFFICIAL_RULES as readonly string[]).includes(v.rule) ? (v.rule as RuleSettings['rule']) : undefined;
  if (rule === undefined) problems.rule = 'rule';
  const minimum = (field: 'criterion' | 'element' | 'overall') => {
    const raw = v[field].trim();
    const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= 1 && n <= MAX_MINIMUM)) problems[field] = 'minimum';
    return n;
  };
  const minimums = { criterion: minimum('criterion'), element: minimum('element'), overall: minimum('overall') };
  if (Object.keys(problems).length > 0 || rule === undefined) return { ok: false, problems };
  return { ok: true, settings: { rule, minimums } };
}

export default async function indexRuleRoutes(app: FastifyInstance): Promise<void> {
  const config = { permission: 'agencies.manage' as const };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    province: string | undefined,
    opts: { status?: number; values?: Values; problems?: Partial<Record<Field, 'rule' | 'minimum'>>; done?: boolean } = {},
  ) {
    const { t, locale } = request;
    const provinces = await provincesInScope(app.db, request.user!.agencyPath);
    const current = provinces.find((p) => p.code === province) ?? provinces[0];
    if (province !== undefined && current?.code !== province) throw new NotFoundError();
    const settings = current ? parseRuleSettings(await getSetting(app.db, ruleSettingKey(current.id))) : null;
    const message = (p: 'rule' | 'minimum') =>
      p === 'rule' ? t('rules.settings.invalidRule') : t('rules.settings.invalidMinimum', { max: MAX_MINIMUM });
    const fieldErrors = Object.fromEntries(Object.entries(opts.problems ?? {}).map(([f, p]) => [f, message(p)])) as Partial<
      Record<Field, string>
    >;
    const order: Field[] = ['rule', 'criterion', 'element', 'overall'];
    return reply.page(
      'admin/index-rule/index.eta',
      {
        action: `/admin${INDEX_RULE_PATH}`,
        province: current ? { code: current.code, name: name(current, locale) } : null,
        others: provinces
          .filter((p) => p !== current)
          .map((p) => ({ name: name(p, locale), href: `/admin${INDEX_RULE_PATH}?province=${encodeURIComponent(p.code)}` })),
        rules: [
          { value: '', label: t('rules.settings.version') },
          ...OFFICIAL_RULES.map((r) => ({ value: r, label: t(`rules.name.${r}`) })),
        ],
        values: opts.values ?? (settings ? valuesOf(settings) : null),
        fieldErrors,
        errors: order.filter((f) => fieldErrors[f]).map((f) => ({ field: f, message: fieldErrors[f]! })),
        notice: opts.done && current ? t('rules.settings.saved', { province: name(current, locale) }) : null,
      },
      { status: opts.status, title: t('rules.settings.title') },
    );
  }

  app.get(INDEX_RULE_PATH, { config }, async (request, reply) => {
    const q = Query.parse(request.query ?? {});
    return render(request, reply, q.province, { done: q.done === '1' });
  });

  app.post(INDEX_RULE_PATH, { config }, async (request, reply) => {
    const me = request.user!;
    const body = Body.parse(request.body ?? {});
    const province = body.province ? await findProvince(app.db, body.province) : undefined;
    if (!province || !inScope(me, province.path)) throw new NotFoundError();
    const values: Values = { rule: body.rule, criterion: body.criterion, element: body.element, overall: body.overall };
    const parsed = parseForm(values);
    if (!parsed.ok) return render(request, reply, province.code, { status: 422, values, problems: parsed.problems });
    const key = ruleSettingKey(province.id);
    await app.db.transaction().execute(async (trx) => {
      const before = parseRuleSettings(await getSetting(trx, key));
      if (JSON.stringify(before) === JSON.stringify(parsed.settings)) return;
      await setSetting(trx, key, parsed.settings);
      await audit(trx, {
        action: 'results.rule',
        actorUserId: me.id,
        agencyId: province.id,
        ip: request.ip || null,
        details: { province: province.code, before, after: parsed.settings },
      });
    });
    return reply.redirect(`/admin${INDEX_RULE_PATH}?province=${encodeURIComponent(province.code)}&done=1`, 303);
  });
}
