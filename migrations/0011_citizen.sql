-- Issue 17: where citizens give up, and how long the survey really takes.
--
-- A draft now records how far its citizen got: the highest page number it was sent to and when it
-- reached the review. When a draft expires its answers, comment and dossier hash are wiped (the
-- privacy notice promises unsent answers are kept at most a day) but the row stays, holding only
-- its place, version, campaign, times and progress: the drop-off figures on the agency page count
-- these rows, and the intro's time estimate is the median of submitted_at - started_at.
alter table survey_drafts add column furthest_page smallint not null default 0 check (furthest_page between 0 and 1000);
alter table survey_drafts add column reached_review_at timestamptz;
-- Set when the answers were wiped; null while the row still holds what the citizen typed.
alter table survey_drafts add column wiped_at timestamptz;

-- Housekeeping only looks for drafts that still hold answers.
drop index survey_drafts_expires;
create index survey_drafts_expires on survey_drafts (expires_at) where wiped_at is null;
-- Drop-off: the drafts of a version started in a period.
create index survey_drafts_version_started on survey_drafts (questionnaire_version_id, started_at);
-- The intro's estimate: the latest submitted drafts of a version.
create index survey_drafts_version_submitted on survey_drafts (questionnaire_version_id, submitted_at) where submitted_at is not null;
