-- Results on compact rollups (issue 15; decisions 36–39). Replaces the per-(question, value) count
-- tables of 0005 by rows that hold a whole slice's histogram, and the queue that copied every
-- submission's answers by a slim queue of response ids.
--
-- A rollup row counts the reportable responses (status 'valid') of one slice: how many there were,
-- an integer array of how many gave each (question, value) in the version's fixed layout
-- (server/domain/rollup-layout.ts: the questions in the order a citizen meets them, each with its
-- options and its "no opinion" value; a published version never changes, so neither does its
-- layout), the rare values outside that layout in `extra` ({"question\tvalue": n}), and the
-- respondents' moments (server/domain/respondent-moments.ts: the feature sums, then the packed
-- Gram matrix) so that composite indices get intervals with the respondent as the unit. All of it
-- adds across responses, so any slice, period or subtree is a sum of rows and stays exact.
--
-- The aggregator (server/db/queries/results-write.ts) computes rows in TypeScript with the same
-- domain code the engine uses, and adds them set-wise (one upsert per table per batch); a
-- submission only appends its id to result_queue, and never touches a rollup row.

drop trigger responses_queue_results on responses;
drop function queue_result_delta();
drop table result_queue, answer_counts, response_counts, subtree_month_counts, subtree_month_responses;

-- Element-wise sums: how two rows of the same slice (same version, so same layout) add up.
create function rollup_add(a integer[], b integer[]) returns integer[] language sql immutable parallel safe as $$
  select coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) order by i), '{}')
  from unnest(a, b) with ordinality as u(x, y, i)
$$;

create function rollup_add(a bigint[], b bigint[]) returns bigint[] language sql immutable parallel safe as $$
  select coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) order by i), '{}')
  from unnest(a, b) with ordinality as u(x, y, i)
$$;

create function rollup_add(a jsonb, b jsonb) returns jsonb language sql immutable parallel safe as $$
  select case when a is null then b when b is null then a else (
    select coalesce(jsonb_object_agg(k, n), '{}'::jsonb)
    from (select k, sum(v::bigint) as n
          from (select * from jsonb_each_text(a) union all select * from jsonb_each_text(b)) e(k, v)
          group by k) s
    where n <> 0) end
$$;

-- The slim queue. A +1 names a response whose current row is to be counted; the aggregator reads the
-- row when it applies the batch. A −1 carries the content that was counted (status changes,
-- corrections and deletions only: never the submission path). A change to a response whose +1 is
-- still pending simply withdraws that +1 (it was never counted), so a −1 is only queued for what the
-- rollups hold.
create table result_queue (
  id                        bigint generated always as identity primary key,
  sign                      smallint not null check (sign in (-1, 1)),
  response_id               uuid not null,
  agency_id                 bigint,
  province_id               bigint,
  submitted_at              timestamptz,
  questionnaire_version_id  bigint,
  campaign_id               bigint,
  channel                   text,
  service_point_id          bigint,
  answers                   jsonb,
  check (sign = 1 or (agency_id is not null and answers is not null))
);
create index result_queue_pending on result_queue (response_id) where sign = 1;

create function queue_result_change() returns trigger language plpgsql as $$
declare
  withdrawn integer := 0;
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
    delete from result_queue where response_id = old.id and sign = 1;
    get diagnostics withdrawn = row_count;
    if withdrawn = 0 then
      insert into result_queue (sign, response_id, agency_id, province_id, submitted_at, questionnaire_version_id,
                                campaign_id, channel, service_point_id, answers)
      values (-1, old.id, old.agency_id, old.province_id, old.submitted_at, old.questionnaire_version_id,
              old.campaign_id, old.channel, old.service_point_id, old.answers);
    end if;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.status = 'valid' then
    insert into result_queue (sign, response_id) values (1, new.id);
  end if;
  return null;
end
$$;

create trigger responses_queue_results after insert or update or delete on responses
  for each row execute function queue_result_change();

-- Day rows: per the response's own agency, Viet Nam day (invariant 7) and every dimension a
-- dashboard filters or breaks down by; `hours` counts responses per hour of the day (the heat map).
-- Read for the ragged ends of a period and for selections the month rows cannot answer. Nulls in the
-- key are real ("no campaign", "no service point", "no field", "no respondent type").
create table rollup_days (
  agency_id                 bigint not null references agencies(id),
  province_id               bigint not null,
  day                       date not null,
  questionnaire_version_id  bigint not null references questionnaire_versions(id),
  campaign_id               bigint,
  channel                   text not null check (channel in ('kiosk', 'online', 'paper', 'api')),
  service_point_id          bigint,
  field                     text,
  respondent_type           text,
  responses                 integer not null,
  histogram                 integer[] not null,
  extra                     jsonb,
  moments                   bigint[] not null,
  hours                     integer[] not null,
  constraint rollup_days_key unique nulls not distinct
    (agency_id, day, questionnaire_version_id, campaign_id, channel, service_point_id, field, respondent_type)
);
create index rollup_days_province_day on rollup_days (province_id, day);
-- The arrays are mostly zeros: compress a row as soon as it passes 128 bytes (the default waits for
-- 2 kB, which these rows rarely reach), for about a third of the size.
alter table rollup_days set (toast_tuple_target = 128);

-- Month rows, pooled by subtree: every response counts under each agency on its path (itself and
-- its ancestors) and under each cut — 'all' (key null), and one row per value of 'campaign',
-- 'channel', 'service_point', 'field' and 'type' (respondent type B.TYPE). So an agency's figure
-- for whole months, unfiltered or narrowed or broken down by one dimension, is read from a few of
-- its own rows, without walking its subtree. `week_hours` is the 7 × 24 heat map (ISO weekday − 1)
-- × 24 + hour. Moving an agency recomputes these rows from the day rows, which stay right.
create table rollup_months (
  agency_id                 bigint not null references agencies(id),
  month                     date not null check (extract(day from month) = 1),
  questionnaire_version_id  bigint not null references questionnaire_versions(id),
  cut                       text not null check (cut in ('all', 'campaign', 'channel', 'service_point', 'field', 'type')),
  key                       text,
  responses                 integer not null,
  histogram                 integer[] not null,
  extra                     jsonb,
  moments                   bigint[] not null,
  week_hours                integer[] not null,
  constraint rollup_months_key unique nulls not distinct (agency_id, cut, questionnaire_version_id, month, key)
);
alter table rollup_months set (toast_tuple_target = 128);

-- Latest comments of a subtree, newest first, by agency and time (already indexed by
-- responses_agency_submitted in 0001); nothing to add here.

-- Every response that already exists is counted once by queueing it now (the worker drains it).
insert into result_queue (sign, response_id) select 1, id from responses where status = 'valid';
