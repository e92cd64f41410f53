-- Issue 16, point 4: how many people each service point served (lượt phục vụ, hồ sơ tiếp nhận), the
-- base of the response rate and of the finite-population correction of the margin of error.
--
-- One row per service point and day, or per service point and calendar month (period_start is the
-- first of the month). The key makes a second import of the same period replace the count, never
-- add to it. A point may have both day rows and a month row for the same month: the month row is
-- then the month's count and its day rows are not added to it (decision 64, server/domain/served.ts).
-- Counts are exact integers; the province key is there for sharding like every large table.
create table served_counts (
  service_point_id  bigint not null references service_points(id),
  province_id       bigint not null references agencies(id),
  period_kind       text not null check (period_kind in ('day', 'month')),
  period_start      date not null,
  served            integer not null check (served between 0 and 10000000),
  -- Who last set it: the CSV import from a page or the CLI, or the API.
  source            text not null check (source in ('csv', 'api')),
  updated_by        bigint references users(id),
  api_token_id      bigint references api_tokens(id),
  updated_at        timestamptz not null default now(),
  primary key (service_point_id, period_kind, period_start),
  check (period_kind = 'day' or extract(day from period_start) = 1)
);
-- The response rate of a period reads the rows of a province's points between two dates.
create index served_counts_province_period on served_counts (province_id, period_start);

-- A token the one-stop system uses to send its counts (POST /api/v1/served): a scope of its own, so
-- that a system that may report counts cannot submit responses or read results, and the reverse.
alter table api_tokens drop constraint api_tokens_scope_check;
alter table api_tokens add constraint api_tokens_scope_check check (scope in ('submit', 'read', 'served'));
