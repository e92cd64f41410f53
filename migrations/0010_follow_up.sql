-- From results to action (issue 14): the follow-up of citizens' comments, the contacts some
-- citizens leave to be answered, improvement plans for weak indices, and the review of flagged
-- responses.

-- The follow-up of a comment lives beside it: status, who handles it, by when, an internal note and
-- the reply given. A comment with no follow-up yet is 'new'. Deleting the comment (a purge) takes
-- its follow-up with it.
alter table response_comments
  add column follow_up_status text not null default 'new'
    check (follow_up_status in ('new', 'in_progress', 'answered', 'closed')),
  add column assignee_id bigint references users(id),
  add column due_on date,
  add column note text check (length(note) between 1 and 5000),
  add column reply text check (length(reply) between 1 and 5000),
  add column replied_at timestamptz,
  add column updated_at timestamptz,
  add column updated_by bigint references users(id),
  -- The body folded for search with or without diacritics: Vietnamese letters to their base letter,
  -- đ to d, A–Z to a–z; nothing else changes. PostgreSQL's unaccent is not available on PGlite, and
  -- lower() depends on the database's locale; translate() is the same everywhere. The search folds
  -- the query with the same table in code (server/domain/fold.ts, checked against this column by
  -- tests/domain/fold.test.ts on both databases).
  add column body_folded text not null generated always as (translate(body,
    'àÀáÁảẢãÃạẠăĂằẰắẮẳẲẵẴặẶâÂầẦấẤẩẨẫẪậẬèÈéÉẻẺẽẼẹẸêÊềỀếẾểỂễỄệỆìÌíÍỉỈĩĨịỊòÒóÓỏỎõÕọỌôÔồỒốỐổỔỗỖộỘơƠờỜớỚởỞỡỠợỢùÙúÚủỦũŨụỤưƯừỪứỨửỬữỮựỰỳỲýÝỷỶỹỸỵỴđĐABCDEFGHIJKLMNOPQRSTUVWXYZ',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyyddabcdefghijklmnopqrstuvwxyz'))
    stored;
create index response_comments_open on response_comments (province_id, follow_up_status, due_on)
  where follow_up_status in ('new', 'in_progress');
create index response_comments_assignee on response_comments (assignee_id) where assignee_id is not null;

-- A way to answer a citizen, left only by choice after the response was sent, with the purpose
-- shown (invariant 6): kept apart from the answers and the comment, and deleted when it expires
-- (server/domain/contact-policy.ts says when; the survey's housekeeping deletes it).
create table comment_contacts (
  response_id  uuid primary key references response_comments(response_id) on delete cascade,
  province_id  bigint not null references agencies(id),
  contact      text not null check (length(contact) between 3 and 200),
  consented_at timestamptz not null default now(),
  expires_at   timestamptz not null
);
create index comment_contacts_expires on comment_contacts (expires_at);

-- Improvement plans (kế hoạch khắc phục): a weakness of an agency in a period — an index with the
-- figure it had when the plan was made — the measures, the agency responsible and a deadline.
create table improvement_plans (
  id                     bigint generated always as identity primary key,
  agency_id              bigint not null references agencies(id),
  province_id            bigint not null references agencies(id),
  questionnaire_id       bigint not null references questionnaires(id),
  -- null: the questionnaire's versions pooled, as the results pages show them by default.
  questionnaire_version  integer check (questionnaire_version >= 1),
  index_code             text not null check (length(index_code) between 1 and 64),
  period_from            date not null,
  period_to              date not null,
  -- The figure as computed when the plan was made (the results service's), kept as evidence.
  share                  numeric(6, 5) check (share >= 0 and share <= 1),
  -- For an index averaged over parts, its n is the mean of theirs, so not always whole.
  n                      numeric(12, 2) not null check (n >= 0),
  interval_low           numeric(6, 5) check (interval_low >= 0 and interval_low <= 1),
  interval_high          numeric(6, 5) check (interval_high >= 0 and interval_high <= 1),
  target_comparator      text check (target_comparator in ('>', '>=')),
  target_threshold       numeric(6, 5) check (target_threshold >= 0 and target_threshold <= 1),
  weakness               text not null check (length(weakness) between 1 and 2000),
  measures               text not null check (length(measures) between 1 and 5000),
  responsible_agency_id  bigint not null references agencies(id),
  due_on                 date not null,
  status                 text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'cancelled')),
  outcome                text check (length(outcome) between 1 and 5000),
  created_at             timestamptz not null default now(),
  created_by             bigint references users(id),
  updated_at             timestamptz,
  updated_by             bigint references users(id),
  check (period_to >= period_from),
  check ((target_comparator is null) = (target_threshold is null))
);
create index improvement_plans_agency on improvement_plans (agency_id, period_from);
create index improvement_plans_open on improvement_plans (province_id, due_on) where status in ('planned', 'in_progress');

-- Each review of a flagged response: the coordinator's decision and reason, and the statuses before
-- and after. The response's own status changes with it (server/db/queries/response-status.ts), and
-- the results follow through the status-change path like any other change.
create table response_reviews (
  id             bigint generated always as identity primary key,
  response_id    uuid not null references responses(id) on delete cascade,
  province_id    bigint not null references agencies(id),
  decision       text not null check (decision in ('include', 'exclude')),
  reason         text not null check (length(reason) between 1 and 1000),
  -- The flags the response carried when it was reviewed (responses.status_reason).
  flags          text not null,
  status_before  text not null check (status_before in ('valid', 'flagged', 'excluded')),
  status_after   text not null check (status_after in ('valid', 'flagged', 'excluded')),
  reviewed_by    bigint references users(id),
  reviewed_at    timestamptz not null default now()
);
create index response_reviews_response on response_reviews (response_id, reviewed_at);

-- The review list reads the flagged responses of a province by time.
create index responses_flagged on responses (province_id, submitted_at) where status_reason is not null;
