-- Schema v1: the organisation tree, questionnaires, campaigns, targets, responses, staff and audit.
-- Large tables carry province_id (the root agency of the row's subtree) so that a distributed
-- PostgreSQL can shard by province without changing queries.

create table agencies (
  id            bigint generated always as identity primary key,
  code          text not null unique check (code ~ '^[A-Za-z0-9._-]{1,64}$'),
  parent_id     bigint references agencies(id),
  -- Materialised path of ids, '/1/7/42/': a subtree is one indexed prefix match.
  path          text not null unique,
  depth         integer not null check (depth >= 0),
  province_id   bigint references agencies(id),
  name_vi       text not null check (length(name_vi) between 1 and 300),
  name_en       text check (length(name_en) <= 300),
  kind          text not null check (kind in ('province', 'department', 'commune', 'centre', 'branch', 'unit')),
  valid_from    date,
  valid_to      date,
  successor_id  bigint references agencies(id),
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  check (valid_to is null or valid_from is null or valid_to >= valid_from),
  check (parent_id is null or parent_id <> id),
  check (successor_id is null or successor_id <> id)
);
create index agencies_path_prefix on agencies (path text_pattern_ops);
create index agencies_parent on agencies (parent_id);
create index agencies_province on agencies (province_id);

create table service_points (
  id           bigint generated always as identity primary key,
  code         text not null unique check (code ~ '^[A-Za-z0-9._-]{1,64}$'),
  agency_id    bigint not null references agencies(id),
  province_id  bigint not null references agencies(id),
  name_vi      text not null check (length(name_vi) between 1 and 300),
  name_en      text check (length(name_en) <= 300),
  active       boolean not null default true,
  created_at   timestamptz not null default now()
);
create index service_points_agency on service_points (agency_id);

create table questionnaires (
  id          bigint generated always as identity primary key,
  code        text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  title_vi    text not null,
  title_en    text,
  created_at  timestamptz not null default now()
);

create table questionnaire_versions (
  id                bigint generated always as identity primary key,
  questionnaire_id  bigint not null references questionnaires(id),
  version           integer not null check (version >= 1),
  definition        jsonb not null,
  -- The aggregation rule is part of the published version: changing it means a new version.
  index_rule        text not null default 'criterion-mean'
                    check (index_rule in ('criterion-mean', 'pooled-share', 'element-question', 'overall-question', 'mean-score', 'single-question')),
  published_at      timestamptz not null default now(),
  published_by      bigint,
  unique (questionnaire_id, version)
);

-- A published version never changes (invariant 3): refuse updates and deletes at the database.
create function questionnaire_versions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'questionnaire version % is published and cannot be changed', old.id
    using errcode = 'check_violation';
end
$$;
create trigger questionnaire_versions_no_update before update or delete on questionnaire_versions
  for each row execute function questionnaire_versions_immutable();

create table campaigns (
  id                         bigint generated always as identity primary key,
  code                       text not null unique check (code ~ '^[A-Za-z0-9._-]{1,64}$'),
  name_vi                    text not null,
  name_en                    text,
  questionnaire_version_id   bigint not null references questionnaire_versions(id),
  province_id                bigint not null references agencies(id),
  starts_on                  date not null,
  ends_on                    date,
  channels                   text[] not null default '{kiosk,online,paper,api}'
                             check (channels <@ array['kiosk', 'online', 'paper', 'api']::text[] and cardinality(channels) > 0),
  status                     text not null default 'open' check (status in ('open', 'closed')),
  created_at                 timestamptz not null default now(),
  created_by                 bigint,
  check (ends_on is null or ends_on >= starts_on)
);

-- The agencies a campaign covers; each covers its whole subtree.
create table campaign_agencies (
  campaign_id  bigint not null references campaigns(id) on delete cascade,
  agency_id    bigint not null references agencies(id),
  primary key (campaign_id, agency_id)
);

create table targets (
  id                bigint generated always as identity primary key,
  agency_id         bigint not null references agencies(id),
  questionnaire_id  bigint references questionnaires(id),
  period_from       date not null,
  period_to         date not null,
  index_code        text not null check (length(index_code) between 1 and 64),
  comparator        text not null check (comparator in ('>', '>=')),
  threshold         numeric(6, 5) not null check (threshold >= 0 and threshold <= 1),
  created_at        timestamptz not null default now(),
  created_by        bigint,
  check (period_to >= period_from)
);
create index targets_agency on targets (agency_id, period_from);

create table responses (
  -- Client-generated: the same response sent twice is stored once (invariant 2).
  id                         uuid primary key,
  questionnaire_version_id   bigint not null references questionnaire_versions(id),
  campaign_id                bigint references campaigns(id),
  agency_id                  bigint not null references agencies(id),
  service_point_id           bigint references service_points(id),
  province_id                bigint not null references agencies(id),
  channel                    text not null check (channel in ('kiosk', 'online', 'paper', 'api')),
  submitted_at               timestamptz not null,
  received_at                timestamptz not null default now(),
  locale                     text not null default 'vi' check (locale in ('vi', 'en')),
  -- Keyed by question code: {"E1.1": 4, "X.IMPROVE": ["time"], ...}; absent key = blank.
  answers                    jsonb not null check (jsonb_typeof(answers) = 'object'),
  content_hash               text not null,
  status                     text not null default 'valid' check (status in ('valid', 'flagged', 'excluded')),
  status_reason              text,
  check (status = 'valid' or status_reason is not null)
);
create index responses_agency_submitted on responses (agency_id, submitted_at);
create index responses_province_submitted on responses (province_id, submitted_at);
create index responses_version on responses (questionnaire_version_id);

-- Free text is kept apart from the coded answers (invariant 6): it can be reviewed, redacted or
-- purged without touching the numbers.
create table response_comments (
  response_id  uuid primary key references responses(id) on delete cascade,
  province_id  bigint not null references agencies(id),
  body         text not null check (length(body) between 1 and 5000),
  created_at   timestamptz not null default now()
);

create table users (
  id               bigint generated always as identity primary key,
  email            text not null check (email = lower(email) and email like '%_@_%'),
  display_name     text,
  password_hash    text not null,
  role             text not null check (role in ('admin', 'coordinator', 'manager', 'clerk', 'viewer')),
  -- Root of the subtree the user sees and changes (invariant 5).
  agency_id        bigint not null references agencies(id),
  disabled_at      timestamptz,
  created_at       timestamptz not null default now(),
  created_by       bigint references users(id),
  last_sign_in_at  timestamptz
);
create unique index users_email on users (email);

create table sessions (
  -- sha256 of the cookie value: a database leak does not hand out live sessions.
  id_hash       text primary key,
  user_id       bigint not null references users(id) on delete cascade,
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now(),
  expires_at    timestamptz not null,
  ip            text,
  user_agent    text
);
create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);

-- Sign-in attempts by email and by address: the lockout and the rate limit live in the database so
-- that several app instances share them. Unknown emails are recorded too (no user enumeration).
create table sign_in_attempts (
  id            bigint generated always as identity primary key,
  email         text not null,
  ip            text not null,
  succeeded     boolean not null,
  attempted_at  timestamptz not null default now()
);
create index sign_in_attempts_email on sign_in_attempts (email, attempted_at);
create index sign_in_attempts_ip on sign_in_attempts (ip, attempted_at);

create table api_tokens (
  id            bigint generated always as identity primary key,
  name          text not null check (length(name) between 1 and 200),
  agency_id     bigint not null references agencies(id),
  scope         text not null check (scope in ('submit', 'read')),
  prefix        text not null,
  token_hash    text not null unique,
  created_at    timestamptz not null default now(),
  created_by    bigint references users(id),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

create table audit_log (
  id             bigint generated always as identity primary key,
  at             timestamptz not null default now(),
  actor_user_id  bigint references users(id),
  -- Who acted when there is no user row: 'cli', 'system', an email that failed to sign in.
  actor_label    text,
  action         text not null,
  agency_id      bigint references agencies(id),
  ip             text,
  details        jsonb not null default '{}'::jsonb
);
create index audit_log_at on audit_log (at);
create index audit_log_agency on audit_log (agency_id, at);

create table settings (
  key         text primary key,
  value       jsonb not null,
  updated_at  timestamptz not null default now()
);
