// The one path by which a response enters the database, whatever the channel: place it, check it
// against its questionnaire version, flag what looks implausible, and store it once through the
// group-commit queue. Routes translate the outcome into pages or HTTP statuses.
import type { Kysely } from 'kysely';
import type { Channel, Database } from '../db/schema.ts';
import type { Submission, SubmitOutcome } from '../db/queries/submissions.ts';
import { campaignCovers, findCampaignForIntake, inferCampaign, type CampaignForIntake } from '../db/queries/intake.ts';
import type { Place } from '../db/queries/places.ts';
import type { PublishedVersion } from '../db/queries/questionnaires.ts';
import { placeOf, publishedVersion, versionOf } from '../db/lookups.ts';
import { validateAnswers, type AnswerProblem, type Completeness } from '../domain/answers.ts';
import { flagReasons, isInFuture } from '../domain/plausibility.ts';
import { contentHash } from '../domain/response-content.ts';
import { agencyValidOn } from '../domain/place.ts';
import { localDay } from '../i18n/format.ts';
import { remembered } from '../db/lookup-cache.ts';
import { isClosedPeriod } from '../db/queries/closed-periods.ts';

/**
 * Where a checked response is written: the group-commit queue, or a channel's own transaction (the
 * kiosk's, which may add its 'burst' flag to the row before storing it).
 */
export interface SubmissionStore {
  submit(submission: Submission): Promise<SubmitOutcome>;
}

export interface IntakeRequest {
  id: string;
  campaignCode?: string | undefined;
  questionnaireCode?: string | undefined;
  version?: number | undefined;
  agencyCode?: string | undefined;
  servicePointCode?: string | undefined;
  channel: Channel;
  submittedAt: Date;
  locale: 'vi' | 'en';
  answers: unknown;
  comment?: string | null | undefined;
  completeness: Completeness;
  /** The subtree the caller may submit for (an API token's agency); undefined for public pages. */
  scopePath?: string | undefined;
  startedAt?: Date | null | undefined;
  honeypot?: boolean | undefined;
  dossierHash?: string | null | undefined;
  enteredBy?: number | null | undefined;
}

/** A problem with the request as a whole or with one of its fields; `field` is a dotted path. */
/** How long before its version's publication a response may be dated (clocks, time zones). */
const VERSION_GRACE_MS = 24 * 3600 * 1000;

export interface IntakeProblem {
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

export type IntakeResult =
  { ok: true; outcome: SubmitOutcome; id: string; flagged: string[] } | { ok: false; status: 403 | 422; problems: IntakeProblem[] };

async function placeAndVersion(
  db: Kysely<Database>,
  req: Pick<
    IntakeRequest,
    'campaignCode' | 'questionnaireCode' | 'version' | 'agencyCode' | 'servicePointCode' | 'channel' | 'scopePath' | 'submittedAt'
  >,
): Promise<
  | { ok: true; place: Place; version: PublishedVersion; campaign: CampaignForIntake | null }
  | { ok: false; status: 403 | 422; problems: IntakeProblem[] }
> {
  const problems: IntakeProblem[] = [];
  let place: Place | undefined;
  if (req.servicePointCode) {
    place = await placeOf(db, { servicePointCode: req.servicePointCode });
    if (!place) problems.push({ field: 'service_point', code: 'unknown-service-point' });
    else if (req.agencyCode && req.agencyCode !== place.agencyCode) problems.push({ field: 'agency', code: 'service-point-elsewhere' });
    else if (!place.servicePointActive) problems.push({ field: 'service_point', code: 'service-point-inactive' });
  } else if (req.agencyCode) {
    place = await placeOf(db, { agencyCode: req.agencyCode });
    if (!place) problems.push({ field: 'agency', code: 'unknown-agency' });
  } else {
    problems.push({ field: 'agency', code: 'place-missing' });
  }
  if (place && req.scopePath !== undefined && !place.agencyPath.startsWith(req.scopePath)) {
    return { ok: false, status: 403, problems: [{ field: place.servicePointId ? 'service_point' : 'agency', code: 'out-of-scope' }] };
  }

  const day = localDay(req.submittedAt);
  if (place && !agencyValidOn(place, day)) {
    problems.push({ field: place.servicePointId ? 'service_point' : 'agency', code: 'agency-not-valid-then', params: { day } });
  }

  let campaign: CampaignForIntake | null = null;
  let version: PublishedVersion | undefined;
  if (req.campaignCode) {
    const code = req.campaignCode;
    campaign = (await remembered(db, `campaign:${code}`, () => findCampaignForIntake(db, code))) ?? null;
    if (!campaign) problems.push({ field: 'campaign', code: 'unknown-campaign' });
    else {
      version = await publishedVersion(db, campaign.questionnaireVersionId);
      if (req.questionnaireCode && version && req.questionnaireCode !== version.code)
        problems.push({ field: 'questionnaire', code: 'campaign-questionnaire-differs' });
      if (req.version !== undefined && version && req.version !== version.version)
        problems.push({ field: 'version', code: 'campaign-questionnaire-differs' });
      if (campaign.status !== 'open') problems.push({ field: 'campaign', code: 'campaign-closed' });
      if (!campaign.channels.includes(req.channel)) problems.push({ field: 'channel', code: 'channel-not-in-campaign' });
      if (day < campaign.startsOn || (campaign.endsOn && day > campaign.endsOn))
        problems.push({ field: 'submitted_at', code: 'outside-campaign', params: { day } });
      const [id, path] = [campaign.id, place?.agencyPath];
      if (path !== undefined && !(await remembered(db, `covers:${id}:${path}`, () => campaignCovers(db, id, path))))
        problems.push({ field: 'agency', code: 'agency-not-in-campaign' });
    }
  } else if (req.questionnaireCode) {
    version = await versionOf(db, req.questionnaireCode, req.version);
    if (!version) problems.push({ field: req.version === undefined ? 'questionnaire' : 'version', code: 'unknown-questionnaire' });
  } else {
    problems.push({ field: 'questionnaire', code: 'questionnaire-missing' });
  }
  if (problems.length > 0 || !place || !version) return { ok: false, status: 422, problems };
  if (!campaign) {
    const p = { versionId: version.versionId, agencyPath: place.agencyPath, channel: req.channel, day };
    campaign = await remembered(db, `infer:${p.versionId}:${p.channel}:${p.day}:${p.agencyPath}`, () => inferCampaign(db, p));
  }
  return { ok: true, place, version, campaign };
}

export function answerProblemsToIntake(problems: AnswerProblem[]): IntakeProblem[] {
  return problems.map((p) => ({
    field: p.question === 'comment' ? 'comment' : p.question === '' ? 'answers' : `answers.${p.question}`,
    code: p.code,
    ...(p.params ? { params: p.params } : {}),
  }));
}

export async function intake(db: Kysely<Database>, queue: SubmissionStore, req: IntakeRequest, now = new Date()): Promise<IntakeResult> {
  const problems: IntakeProblem[] = [];
  const future = isInFuture(req.submittedAt, now);
  if (future) problems.push({ field: 'submitted_at', code: 'in-future' });
  // A date in the future is placed as of now: its day may not even be one the database can read
  // (9999-12-31 in Viet Nam time is in year 10000), and the other problems are still worth listing.
  const placed = await placeAndVersion(db, future ? { ...req, submittedAt: now } : req);
  if (!placed.ok) return { ok: false, status: placed.status, problems: [...problems, ...placed.problems] };
  const { place, version, campaign } = placed;

  // A response cannot have answered a version before it was published: refused when dated more
  // than a day before (the day covers clocks that are off and a version published this morning).
  // Paper is the exception: a clerk keys forms printed before the version was published here,
  // within the dates of the campaign they chose (checked above).
  const day = localDay(req.submittedAt);
  if (req.channel !== 'paper' && req.submittedAt.getTime() < version.publishedAt.getTime() - VERSION_GRACE_MS) {
    problems.push({ field: 'submitted_at', code: 'before-version', params: { day, published: localDay(version.publishedAt) } });
  }

  const checked = validateAnswers(version.definition, { answers: req.answers, comment: req.comment }, req.completeness);
  if (!checked.ok) problems.push(...answerProblemsToIntake(checked.problems));
  if (problems.length > 0 || !checked.ok) return { ok: false, status: 422, problems };

  const flags = flagReasons({
    channel: req.channel,
    answered: Object.keys(checked.answers).length,
    startedAt: req.startedAt ?? null,
    submittedAt: req.submittedAt,
    receivedAt: now,
    honeypot: req.honeypot ?? false,
  });
  // A year reported and closed keeps its figures: a response into it is kept, flagged, for review.
  const year = Number(day.slice(0, 4));
  const path = place.agencyPath;
  if (await remembered(db, `closed:${path}:${year}`, () => isClosedPeriod(db, path, year))) flags.push('closed-period');
  const row = {
    id: req.id,
    questionnaireVersionId: version.versionId,
    campaignId: campaign?.id ?? null,
    agencyId: place.agencyId,
    servicePointId: place.servicePointId,
    provinceId: place.provinceId,
    channel: req.channel,
    submittedAt: req.submittedAt,
    receivedAt: now,
    locale: req.locale,
    answers: checked.answers,
    comment: checked.comment,
    status: flags.length > 0 ? ('flagged' as const) : ('valid' as const),
    statusReason: flags.length > 0 ? flags.join(',') : null,
  };
  // The hash covers what the client sent: an inferred campaign is left out, so a retry after the
  // campaign closed is still recognised as the same response.
  const hash = contentHash({ ...row, campaignId: req.campaignCode ? (campaign?.id ?? null) : null, comment: checked.comment });
  const submission: Submission = {
    row: { ...row, contentHash: hash },
    dossierHash: req.dossierHash ?? null,
    enteredBy: req.enteredBy ?? null,
  };
  const outcome = await queue.submit(submission);
  // The store may have added a flag of its own (a kiosk's 'burst').
  const flagged = submission.row.statusReason ? submission.row.statusReason.split(',') : [];
  return { ok: true, outcome, id: req.id, flagged };
}
