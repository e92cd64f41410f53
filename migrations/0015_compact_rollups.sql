-- Smaller month rollups (issue 15; decision 76, superseding part of 36). Measured at 100,000
-- responses (docs/benchmarks.md): the month rows were five sixths of the rollups, and two parts of
-- them repeated what is stored elsewhere:
-- - the weekday × hour heat map (168 integers) was in every cut, though a heat map is only read
--   from month rows for the whole slice; it is now only in the 'all' cut (null elsewhere), and a
--   narrowed heat map reads the day rows' hours;
-- - the service-point cut was pooled at every agency on the path, but a service point belongs to one
--   unit, so each ancestor's row was a copy of the unit's; it now stays with the response's own
--   agency, and readers pool it over the subtree by the agencies' paths (an index range scan on
--   agencies, then the rows' key).
-- The rows are recounted: the tables are emptied and every reportable response queued again (the
-- aggregator drains it; `hailong results rebuild` does the same faster), as 0007 did.

truncate rollup_days, rollup_months;
delete from result_queue;

alter table rollup_months alter column week_hours drop not null;
alter table rollup_months add constraint rollup_months_heat check ((cut = 'all') = (week_hours is not null));

insert into result_queue (sign, response_id) select 1, id from responses where status = 'valid';
