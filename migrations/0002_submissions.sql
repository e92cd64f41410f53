-- Submissions: online drafts, per-dossier links, paper keying, and the public submission limit.

-- Answers between pages of the online survey. The cookie holds a random id; the row holds its hash.
-- response_id is fixed when the draft starts, so every final submit of the same draft (double click,
-- refresh, a second tab) carries the same client id and is stored once (invariant 2).
create table survey_drafts (
  id_hash                    text primary key,
  response_id                uuid not null unique,
  questionnaire_version_id   bigint not null references questionnaire_versions(id),
  campaign_id                bigint references campaigns(id),
  agency_id                  bigint not null references agencies(id),
  service_point_id           bigint references service_points(id),
  province_id                bigint not null references agencies(id),
  locale                     text not null default 'vi' check (locale in ('vi', 'en')),
  answers                    jsonb not null default '{}'::jsonb check (jsonb_typeof(answers) = 'object'),
  comment                    text,
  -- sha256 of the dossier code when the survey was opened from a per-dossier link.
  dossier_hash               text,
  started_at                 timestamptz not null default now(),
  updated_at                 timestamptz not null default now(),
  expires_at                 timestamptz not null,
  submitted_at               timestamptz
);
create index survey_drafts_expires on survey_drafts (expires_at);

-- One dossier answers at most once: the primary key is the claim. Dossier codes are stored hashed.
create table response_dossiers (
  dossier_hash  text primary key,
  response_id   uuid not null unique references responses(id) on delete cascade,
  province_id   bigint not null references agencies(id)
);

-- Who keyed a paper questionnaire, kept apart from the citizen's answers (invariant 6).
create table response_entries (
  response_id   uuid primary key references responses(id) on delete cascade,
  province_id   bigint not null references agencies(id),
  entered_by    bigint not null references users(id),
  entered_at    timestamptz not null default now(),
  corrected_at  timestamptz
);
create index response_entries_user on response_entries (entered_by, entered_at);

-- A paper form corrected by its clerk keeps what it said before (audit), the response row changes.
create table response_corrections (
  id             bigint generated always as identity primary key,
  response_id    uuid not null references responses(id) on delete cascade,
  corrected_by   bigint not null references users(id),
  corrected_at   timestamptz not null default now(),
  old_answers    jsonb not null,
  old_comment    text,
  old_hash       text not null
);

-- Sliding-window counters for public submissions, per address hash and minute. A window is the sum
-- of the last minutes' rows: one small upsert per submission, no per-request row to clean up.
create table submission_counters (
  address_hash  text not null,
  minute        timestamptz not null,
  hits          integer not null default 0,
  primary key (address_hash, minute)
);
