-- Results: exact counts of reportable responses, kept current by an incremental aggregator, so
-- that dashboards never scan raw responses (design: "Performance design"; invariant 4).
--
-- The submission path only appends: a trigger copies every change of a reportable response
-- (status 'valid') into result_queue as a +1 or -1 delta with the dimensions it is counted under.
-- A worker (server/db/queries/results.ts) takes batches with `for update skip locked`, so several
-- app instances can share the work, and adds them into the count tables. Deltas commute, so the
-- order in which batches are applied does not matter. No submission ever updates a counter row.

create table result_queue (
  id                        bigint generated always as identity primary key,
  sign                      smallint not null check (sign in (-1, 1)),
  response_id               uuid not null,
  agency_id                 bigint not null,
  province_id               bigint not null,
  -- Calendar day and hour in Asia/Ho_Chi_Minh (invariant 7), fixed when the delta is queued.
  day                       date not null,
  hour                      smallint not null check (hour between 0 and 23),
  questionnaire_version_id  bigint not null,
  campaign_id               bigint,
  channel                   text not null check (channel in ('kiosk', 'online', 'paper', 'api')),
  service_point_id          bigint,
  field                     text,
  answers                   jsonb not null
);

-- The procedure field (lĩnh vực) of a response is its answer to B.FIELD, the background question of
-- the SIPAS questionnaires; responses without it (counter-quick) have none.
create function queue_result_delta() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and old.status = new.status
     and old.answers = new.answers
     and old.agency_id = new.agency_id
     and old.province_id = new.province_id
     and old.submitted_at = new.submitted_at
     and old.questionnaire_version_id = new.questionnaire_version_id
     and old.campaign_id is not distinct from new.campaign_id
     and old.channel = new.channel
     and old.service_point_id is not distinct from new.service_point_id then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') and old.status = 'valid' then
    insert into result_queue (sign, response_id, agency_id, province_id, day, hour, questionnaire_version_id,
                              campaign_id, channel, service_point_id, field, answers)
    values (-1, old.id, old.agency_id, old.province_id,
            (old.submitted_at at time zone 'Asia/Ho_Chi_Minh')::date,
            extract(hour from old.submitted_at at time zone 'Asia/Ho_Chi_Minh')::smallint,
            old.questionnaire_version_id, old.campaign_id, old.channel, old.service_point_id,
            old.answers ->> 'B.FIELD', old.answers);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.status = 'valid' then
    insert into result_queue (sign, response_id, agency_id, province_id, day, hour, questionnaire_version_id,
                              campaign_id, channel, service_point_id, field, answers)
    values (1, new.id, new.agency_id, new.province_id,
            (new.submitted_at at time zone 'Asia/Ho_Chi_Minh')::date,
            extract(hour from new.submitted_at at time zone 'Asia/Ho_Chi_Minh')::smallint,
            new.questionnaire_version_id, new.campaign_id, new.channel, new.service_point_id,
            new.answers ->> 'B.FIELD', new.answers);
  end if;
  return null;
end
$$;

create trigger responses_queue_results after insert or update or delete on responses
  for each row execute function queue_result_delta();

-- How many reportable responses gave each answer value, per agency (the response's own agency, not
-- its ancestors), day and every dimension a dashboard filters or breaks down by. A multiple-choice
-- answer counts once under each chosen value. Nulls in the key are real ("no campaign", "no
-- service point", "no field") and compare equal.
create table answer_counts (
  agency_id                 bigint not null references agencies(id),
  province_id               bigint not null,
  day                       date not null,
  questionnaire_version_id  bigint not null references questionnaire_versions(id),
  campaign_id               bigint,
  channel                   text not null check (channel in ('kiosk', 'online', 'paper', 'api')),
  service_point_id          bigint,
  field                     text,
  question                  text not null,
  value                     text not null,
  responses                 integer not null,
  constraint answer_counts_key unique nulls not distinct
    (agency_id, questionnaire_version_id, day, campaign_id, channel, service_point_id, field, question, value)
);
create index answer_counts_province_day on answer_counts (province_id, day);

-- How many reportable responses, per agency, day, hour and the same dimensions: the n of every
-- selection (and so the base of blanks), volumes and the hour × weekday heat map.
create table response_counts (
  agency_id                 bigint not null references agencies(id),
  province_id               bigint not null,
  day                       date not null,
  hour                      smallint not null,
  questionnaire_version_id  bigint not null references questionnaire_versions(id),
  campaign_id               bigint,
  channel                   text not null check (channel in ('kiosk', 'online', 'paper', 'api')),
  service_point_id          bigint,
  field                     text,
  responses                 integer not null,
  constraint response_counts_key unique nulls not distinct
    (agency_id, questionnaire_version_id, day, hour, campaign_id, channel, service_point_id, field)
);
create index response_counts_province_day on response_counts (province_id, day);

-- Rollups for the common unfiltered question "this subtree over these months": each response is
-- counted under every agency on its path (itself and its ancestors), per calendar month. An agency's
-- pooled figure for whole months is then read from its own rows, without walking its subtree.
-- They assume the tree as it is when a delta is applied; moving an agency to another parent needs
-- `hailong results rebuild`.
create table subtree_month_counts (
  agency_id                 bigint not null references agencies(id),
  month                     date not null check (extract(day from month) = 1),
  questionnaire_version_id  bigint not null references questionnaire_versions(id),
  question                  text not null,
  value                     text not null,
  responses                 integer not null,
  primary key (agency_id, questionnaire_version_id, month, question, value)
);

create table subtree_month_responses (
  agency_id                 bigint not null references agencies(id),
  month                     date not null check (extract(day from month) = 1),
  questionnaire_version_id  bigint not null references questionnaire_versions(id),
  responses                 integer not null,
  primary key (agency_id, questionnaire_version_id, month)
);

-- Every response that already exists is counted once by queueing it now (the worker drains it).
insert into result_queue (sign, response_id, agency_id, province_id, day, hour, questionnaire_version_id,
                          campaign_id, channel, service_point_id, field, answers)
select 1, id, agency_id, province_id,
       (submitted_at at time zone 'Asia/Ho_Chi_Minh')::date,
       extract(hour from submitted_at at time zone 'Asia/Ho_Chi_Minh')::smallint,
       questionnaire_version_id, campaign_id, channel, service_point_id, answers ->> 'B.FIELD', answers
from responses where status = 'valid';
