// A citizen answering the online survey through app.inject: the real cookies (draft, CSRF, language),
// the real forms, and answers chosen per question from the page plan of the definition.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { insertCampaign } from '../../server/db/queries/campaigns.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import type { Database } from '../../server/db/schema.ts';
import { parseQuestionnaire, type QuestionItem, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import { surveyPlan, type SurveyPlan } from '../../server/domain/survey-pages.ts';
import { withCookies, type Cookies } from './staff.ts';

export function builtIn(name: 'sipas-2017' | 'counter-quick'): QuestionnaireDefinition {
  const r = parseQuestionnaire(
    JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', `${name}.json`), 'utf8')),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}

export const sipasPlan: SurveyPlan = surveyPlan(builtIn('sipas-2017'));
export const quickPlan: SurveyPlan = surveyPlan(builtIn('counter-quick'));

export interface SurveyWorld {
  provinceId: number;
  departmentId: number;
  /** Province P: department D with service points SP-D and SP-D2; campaigns P-SIPAS and P-QUICK online. */
  sipasCampaignId: number;
  quickCampaignId: number;
}

/**
 * Province P with department D (service points SP-D, SP-D2), an open online SIPAS campaign over P and
 * an older online counter-quick campaign over D; province Q (service point SP-Q) has no campaign.
 */
export async function surveyWorld(db: Kysely<Database>): Promise<SurveyWorld> {
  await ensureBuiltInQuestionnaires(db);
  const agency = (code: string, parentId: number | null, nameVi: string, nameEn: string | null, kind: 'province' | 'department') =>
    insertAgency(db, { code, parentId, nameVi, nameEn, kind, validFrom: null, validTo: null });
  const p = await agency('P', null, 'Tỉnh P', 'P Province', 'province');
  const d = await agency('P-D', p.id, 'Sở Tư pháp', 'Department of Justice', 'department');
  const q = await agency('Q', null, 'Tỉnh Q', null, 'province');
  await insertServicePoint(db, {
    code: 'SP-D',
    agencyId: d.id,
    nameVi: 'Bộ phận Một cửa Sở Tư pháp',
    nameEn: 'One-stop counter, Department of Justice',
  });
  await insertServicePoint(db, { code: 'SP-D2', agencyId: d.id, nameVi: 'Quầy hộ tịch', nameEn: null });
  await insertServicePoint(db, { code: 'SP-Q', agencyId: q.id, nameVi: 'Bộ phận Một cửa Tỉnh Q', nameEn: null });
  const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;
  const quick = (await findQuestionnaireVersion(db, 'counter-quick'))!;
  const sipasCampaign = await insertCampaign(db, {
    code: 'P-SIPAS',
    nameVi: 'Khảo sát SIPAS Tỉnh P',
    nameEn: 'SIPAS survey, P Province',
    questionnaireVersionId: sipas.versionId,
    provinceId: p.id,
    startsOn: '2021-01-01',
    endsOn: null,
    channels: ['online', 'paper'],
    agencyIds: [p.id],
  });
  const quickCampaign = await insertCampaign(db, {
    code: 'P-QUICK',
    nameVi: 'Đánh giá nhanh Sở Tư pháp',
    nameEn: null,
    questionnaireVersionId: quick.versionId,
    provinceId: p.id,
    startsOn: '2020-01-01',
    endsOn: null,
    channels: ['online', 'kiosk'],
    agencyIds: [d.id],
  });
  return { provinceId: p.id, departmentId: d.id, sipasCampaignId: sipasCampaign.id, quickCampaignId: quickCampaign.id };
}

export type Fields = [string, string][];

/** The answer a test gives to a question unless it says otherwise: satisfied, first options, a comment. */
export function defaultAnswer(q: QuestionItem): string[] {
  switch (q.kind) {
    case 'multi':
      return q.options.slice(0, 2).map((o) => String(o.value));
    case 'text':
      return ['Cán bộ nhiệt tình, cảm ơn.'];
    case 'single':
    case 'applicability':
      return [String(q.options[0]!.value)];
    default:
      return [String(q.options.at(-2)?.value ?? q.options[0]!.value)];
  }
}

export class Citizen {
  jar: Cookies;
  csrf = '';
  last!: LightMyRequestResponse;

  constructor(
    private readonly app: FastifyInstance,
    opts: { lang?: 'vi' | 'en'; ip?: string } = {},
  ) {
    this.jar = opts.lang ? { lang: opts.lang } : {};
    this.ip = opts.ip ?? '198.51.100.7';
  }

  private readonly ip: string;

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ url, cookies: this.jar, remoteAddress: this.ip });
    this.jar = withCookies(this.jar, res);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    this.last = res;
    return res;
  }

  async post(url: string, fields: Fields, opts: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const all: Fields = opts.csrf === false ? fields : [['_csrf', this.csrf], ...fields];
    const res = await this.app.inject({
      method: 'POST',
      url,
      cookies: this.jar,
      remoteAddress: this.ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(all).toString(),
    });
    this.jar = withCookies(this.jar, res);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    this.last = res;
    return res;
  }

  /** Loads the survey's intro and presses "Bắt đầu"; returns the start's reply (a 303 to page 1). */
  async start(base: string, extra: Fields = []): Promise<LightMyRequestResponse> {
    const intro = await this.get(base);
    if (intro.statusCode !== 200) throw new Error(`GET ${base} answered ${intro.statusCode}`);
    return this.post(base, extra);
  }

  /**
   * Answers page after page from `from` (a page URL) until the review, with `answer(q)` or the
   * default answers; returns the URLs visited.
   */
  async answerUntilReview(
    from: string,
    plan: SurveyPlan,
    answer: (q: QuestionItem) => string[] | undefined = () => undefined,
  ): Promise<string[]> {
    const visited: string[] = [];
    let url = from;
    for (let i = 0; i < 30 && !url.endsWith('/review'); i++) {
      const page = await this.get(url);
      if (page.statusCode !== 200) throw new Error(`GET ${url} answered ${page.statusCode}`);
      visited.push(url);
      const n = Number(/\/p\/(\d+)/.exec(url)![1]);
      const fields: Fields = [];
      for (const q of plan.pages[n - 1]!.questions) {
        if (!page.body.includes(`name="${q.code}"`)) continue;
        for (const v of answer(q) ?? defaultAnswer(q)) fields.push([q.code, v]);
      }
      const res = await this.post(url.split('?')[0]! + (url.includes('?') ? `?${url.split('?')[1]}` : ''), fields);
      if (res.statusCode !== 303) throw new Error(`POST ${url} answered ${res.statusCode}: ${res.body.slice(0, 400)}`);
      url = res.headers.location as string;
    }
    return visited;
  }
}

/** The ids an HTML page defines, to check that every error summary link has a target. */
export function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
}

export function summaryLinks(html: string): string[] {
  const box = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...box.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
}
