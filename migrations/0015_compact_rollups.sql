-- Smaller rollups (issue 15; decisions 76 and 78, superseding parts of 36 and 38). Measured at 100,000
-- responses (docs/benchmarks.md): the month rows were five sixths of the rollups, and two parts of
-- them repeated what is stored elsewhere:
-- - the weekday × hour heat map (168 integers) was in every cut, though a heat map is only read
--   from month rows for the whole slice; it is now only in the 'all' cut (null elsewhere), and a
--   narrowed heat map reads the day rows' hours;
-- - the service-point cut was pooled at every agency on the path, but a service point belongs to one
--   unit, so each ancestor's row was a copy of the unit's; it now stays with the response's own
--   agency, and readers pool it over the subtree by the agencies' paths (an index range scan on
--   agencies, then the rows' key).
-- And every row's arrays are stored compactly (below). The rows are recounted: the tables are
-- emptied and every reportable response queued again (the aggregator drains it; `hailong results
-- rebuild` does the same faster), as 0007 did.

truncate rollup_days, rollup_months;
delete from result_queue;

alter table rollup_months alter column week_hours drop not null;
alter table rollup_months add constraint rollup_months_heat check ((cut = 'all') = (week_hours is not null));

-- The arrays in a compact form the app encodes (server/domain/rollup-codec.ts: zigzag varints, runs
-- of zeros as a count; decision 78): PostgreSQL never compresses a row under about 2 kB, and these
-- rows are mostly zeros and small counts, so stored as integer arrays they were 4–6 times their
-- information. The app adds rows (the aggregator reads the rows of its batch for update), so
-- rollup_add is no longer used.
alter table rollup_days
  alter column histogram type bytea using null,
  alter column moments type bytea using null,
  alter column hours type bytea using null;
alter table rollup_months
  alter column histogram type bytea using null,
  alter column moments type bytea using null,
  alter column week_hours type bytea using null;
drop function rollup_add(integer[], integer[]);
drop function rollup_add(bigint[], bigint[]);
drop function rollup_add(jsonb, jsonb);

insert into result_queue (sign, response_id) select 1, id from responses where status = 'valid';
