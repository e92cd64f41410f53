// The one TypeScript view of the database. The migrations are the source of truth;
// tests/db/schema.test.ts checks this file against the migrated schema on both databases.
import type { ColumnType, Generated, GeneratedAlways, Selectable } from 'kysely';

// Dates (YYYY-MM-DD) stay strings: a calendar day has no time zone to get wrong.
type DateString = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export type AgencyKind = 'province' | 'department' | 'commune' | 'centre' | 'branch' | 'unit';
export type Role = 'admin' | 'coordinator' | 'manager' | 'clerk' | 'viewer';
export type Channel = 'kiosk' | 'online' | 'paper' | 'api';
export type ResponseStatus = 'valid' | 'flagged' | 'excluded';
export type TokenScope = 'submit' | 'read' | 'served';
/** Every token scope, in the order forms offer them ('served': POST /api/v1/served, migration 0012). */
export const TOKEN_SCOPES: readonly TokenScope[] = ['submit', 'read', 'served'];
export type FollowUpStatus = 'new' | 'in_progress' | 'answered' | 'closed';
export type PlanStatus = 'planned' | 'in_progress' | 'done' | 'cancelled';
export type ReviewDecision = 'include' | 'exclude';
export type IndexRule = 'criterion-mean' | 'pooled-share' | 'element-question' | 'overall-question' | 'mean-score' | 'single-question';

export interface AgenciesTable {
  id: Generated<number>;
  code: string;
  parent_id: number | null;
  path: string;
  depth: number;
  province_id: number | null;
  name_vi: string;
  name_en: string | null;
  kind: AgencyKind;
  valid_from: DateString | null;
  valid_to: DateString | null;
  successor_id: number | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

export interface ServicePointsTable {
  id: Generated<number>;
  code: string;
  agency_id: number;
  province_id: number;
  name_vi: string;
  name_en: string | null;
  active: Generated<boolean>;
  created_at: TimestampDefault;
}

export interface QuestionnairesTable {
  id: Generated<number>;
  code: string;
  title_vi: string;
  title_en: string | null;
  created_at: TimestampDefault;
}

export interface QuestionnaireVersionsTable {
  id: Generated<number>;
  questionnaire_id: number;
  version: number;
  definition: Json;
  index_rule: ColumnType<IndexRule, IndexRule | undefined, never>;
  published_at: TimestampDefault;
  published_by: number | null;
}

export interface CampaignsTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string | null;
  questionnaire_version_id: number;
  province_id: number;
  starts_on: DateString;
  ends_on: DateString | null;
  channels: ColumnType<Channel[], Channel[] | undefined, Channel[]>;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  created_at: TimestampDefault;
  created_by: number | null;
}

export interface CampaignAgenciesTable {
  campaign_id: number;
  agency_id: number;
}

export interface TargetsTable {
  id: Generated<number>;
  agency_id: number;
  questionnaire_id: number | null;
  period_from: DateString;
  period_to: DateString;
  index_code: string;
  comparator: '>' | '>=';
  threshold: number;
  created_at: TimestampDefault;
  created_by: number | null;
}

export interface ResponsesTable {
  id: string;
  questionnaire_version_id: number;
  campaign_id: number | null;
  agency_id: number;
  service_point_id: number | null;
  province_id: number;
  channel: Channel;
  submitted_at: Timestamp;
  received_at: TimestampDefault;
  locale: ColumnType<'vi' | 'en', 'vi' | 'en' | undefined, 'vi' | 'en'>;
  answers: Json<Record<string, unknown>>;
  content_hash: string;
  status: ColumnType<ResponseStatus, ResponseStatus | undefined, ResponseStatus>;
  status_reason: string | null;
}

export interface ResponseCommentsTable {
  response_id: string;
  province_id: number;
  body: string;
  created_at: TimestampDefault;
  follow_up_status: ColumnType<FollowUpStatus, FollowUpStatus | undefined, FollowUpStatus>;
  assignee_id: number | null;
  due_on: DateString | null;
  note: string | null;
  reply: string | null;
  replied_at: Date | null;
  updated_at: Date | null;
  updated_by: number | null;
  body_folded: GeneratedAlways<string>;
}

export interface CommentContactsTable {
  response_id: string;
  province_id: number;
  contact: string;
  consented_at: TimestampDefault;
  expires_at: Timestamp;
}

export interface ImprovementPlansTable {
  id: Generated<number>;
  agency_id: number;
  province_id: number;
  questionnaire_id: number;
  questionnaire_version: number | null;
  index_code: string;
  period_from: DateString;
  period_to: DateString;
  share: number | null;
  n: number;
  interval_low: number | null;
  interval_high: number | null;
  target_comparator: '>' | '>=' | null;
  target_threshold: number | null;
  weakness: string;
  measures: string;
  responsible_agency_id: number;
  due_on: DateString;
  status: ColumnType<PlanStatus, PlanStatus | undefined, PlanStatus>;
  outcome: string | null;
  created_at: TimestampDefault;
  created_by: number | null;
  updated_at: Date | null;
  updated_by: number | null;
}

export interface ResponseReviewsTable {
  id: Generated<number>;
  response_id: string;
  province_id: number;
  decision: ReviewDecision;
  reason: string;
  flags: string;
  status_before: ResponseStatus;
  status_after: ResponseStatus;
  reviewed_by: number | null;
  reviewed_at: TimestampDefault;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string | null;
  password_hash: string;
  role: Role;
  agency_id: number;
  disabled_at: Date | null;
  created_at: TimestampDefault;
  created_by: number | null;
  last_sign_in_at: Date | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  created_at: TimestampDefault;
  last_seen_at: TimestampDefault;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  attempted_at: TimestampDefault;
  refused: Generated<boolean>;
}

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  agency_id: number;
  scope: TokenScope;
  prefix: string;
  token_hash: string;
  created_at: TimestampDefault;
  created_by: number | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: TimestampDefault;
  actor_user_id: number | null;
  actor_label: string | null;
  action: string;
  agency_id: number | null;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, never>;
}

export interface SettingsTable {
  key: string;
  value: Json;
  updated_at: TimestampDefault;
}

export interface SurveyDraftsTable {
  id_hash: string;
  response_id: string;
  questionnaire_version_id: number;
  campaign_id: number | null;
  agency_id: number;
  service_point_id: number | null;
  province_id: number;
  locale: ColumnType<'vi' | 'en', 'vi' | 'en' | undefined, 'vi' | 'en'>;
  answers: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, string | Record<string, unknown>>;
  comment: string | null;
  dossier_hash: string | null;
  started_at: TimestampDefault;
  updated_at: TimestampDefault;
  expires_at: Timestamp;
  submitted_at: Date | null;
  /** The highest page number the citizen was sent to (0 before the first). */
  furthest_page: Generated<number>;
  reached_review_at: Date | null;
  /** When the expired draft's answers, comment and dossier hash were wiped; the row stays for the drop-off. */
  wiped_at: Date | null;
}

export interface ResponseDossiersTable {
  dossier_hash: string;
  response_id: string;
  province_id: number;
}

export interface ResponseEntriesTable {
  response_id: string;
  province_id: number;
  entered_by: number;
  entered_at: TimestampDefault;
  corrected_at: Date | null;
}

export interface ResponseCorrectionsTable {
  id: Generated<number>;
  response_id: string;
  corrected_by: number;
  corrected_at: TimestampDefault;
  old_answers: Json<Record<string, unknown>>;
  old_comment: string | null;
  old_hash: string;
}

export interface SubmissionCountersTable {
  address_hash: string;
  minute: Timestamp;
  hits: Generated<number>;
}

export interface KiosksTable {
  id: Generated<number>;
  name: string;
  service_point_id: number;
  province_id: number;
  questionnaire_id: number;
  min_interval_seconds: Generated<number>;
  officer_name: string | null;
  pairing_code_hash: string | null;
  pairing_expires_at: Date | null;
  secret_hash: string | null;
  paired_at: Date | null;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  app_version: string | null;
  queue_length: number | null;
  created_at: TimestampDefault;
  created_by: number | null;
  rejected_count: number | null;
}

export interface KioskRatingsTable {
  response_id: string;
  kiosk_id: number;
  province_id: number;
  submitted_at: Timestamp;
  counted: boolean;
  officer_name: string | null;
}

export interface KioskOfficerPhotosTable {
  kiosk_id: number;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp';
  image_base64: string;
  updated_at: TimestampDefault;
}

// Rollups (migrations/0007_rollups.sql).
export interface ResultQueueTable {
  id: Generated<number>;
  sign: number;
  response_id: string;
  agency_id: number | null;
  province_id: number | null;
  submitted_at: Date | null;
  questionnaire_version_id: number | null;
  campaign_id: number | null;
  channel: string | null;
  service_point_id: number | null;
  answers: Record<string, unknown> | null;
}

export interface RollupDaysTable {
  agency_id: number;
  province_id: number;
  day: DateString;
  questionnaire_version_id: number;
  campaign_id: number | null;
  channel: Channel;
  service_point_id: number | null;
  field: string | null;
  respondent_type: string | null;
  responses: number;
  /** Compact arrays (server/domain/rollup-codec.ts, migration 0015). */
  histogram: Uint8Array;
  extra: Record<string, number> | null;
  moments: Uint8Array;
  hours: Uint8Array;
}

export interface RollupMonthsTable {
  agency_id: number;
  month: DateString;
  questionnaire_version_id: number;
  cut: 'all' | 'campaign' | 'channel' | 'service_point' | 'field' | 'type';
  key: string | null;
  responses: number;
  /** Compact arrays (server/domain/rollup-codec.ts, migration 0015). */
  histogram: Uint8Array;
  extra: Record<string, number> | null;
  moments: Uint8Array;
  /** The weekday × hour heat map, in the 'all' cut only (migration 0015). */
  week_hours: Uint8Array | null;
}

export interface ClosedPeriodsTable {
  agency_id: number;
  year: number;
  closed_at: TimestampDefault;
  closed_by: number | null;
  closed_by_label: string | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: TimestampDefault;
}

/** People served by a service point in a day or a calendar month (migrations/0012_served.sql). */
export interface ServedCountsTable {
  service_point_id: number;
  province_id: number;
  period_kind: 'day' | 'month';
  /** The day, or the first day of the month. */
  period_start: DateString;
  served: number;
  source: 'csv' | 'api';
  updated_by: number | null;
  api_token_id: number | null;
  updated_at: TimestampDefault;
}

export interface Database {
  agencies: AgenciesTable;
  service_points: ServicePointsTable;
  questionnaires: QuestionnairesTable;
  questionnaire_versions: QuestionnaireVersionsTable;
  campaigns: CampaignsTable;
  campaign_agencies: CampaignAgenciesTable;
  targets: TargetsTable;
  responses: ResponsesTable;
  response_comments: ResponseCommentsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_attempts: SignInAttemptsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  schema_migrations: SchemaMigrationsTable;
  kiosk_officer_photos: KioskOfficerPhotosTable;
  survey_drafts: SurveyDraftsTable;
  response_dossiers: ResponseDossiersTable;
  response_entries: ResponseEntriesTable;
  response_corrections: ResponseCorrectionsTable;
  submission_counters: SubmissionCountersTable;
  kiosks: KiosksTable;
  kiosk_ratings: KioskRatingsTable;
  result_queue: ResultQueueTable;
  rollup_days: RollupDaysTable;
  rollup_months: RollupMonthsTable;
  comment_contacts: CommentContactsTable;
  improvement_plans: ImprovementPlansTable;
  response_reviews: ResponseReviewsTable;
  closed_periods: ClosedPeriodsTable;
  served_counts: ServedCountsTable;
  questionnaire_uploads: QuestionnaireUploadsTable;
}

/** A checked definition waiting for its uploader to preview and publish it (migration 0014). */
export interface QuestionnaireUploadsTable {
  id: string;
  definition: Json;
  uploaded_by: number;
  uploaded_at: TimestampDefault;
}

export type Agency = Selectable<AgenciesTable>;
export type User = Selectable<UsersTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type ServicePoint = Selectable<ServicePointsTable>;
export type ImprovementPlan = Selectable<ImprovementPlansTable>;
