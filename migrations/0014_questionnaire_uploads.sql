-- Issue 13, point 5: a questionnaire definition uploaded from the browser, checked and kept for its
-- uploader to preview and compare before publishing it as a new version. Only valid definitions are
-- kept (an invalid one is answered 422 with its text and stored nowhere); publishing copies the
-- definition into questionnaire_versions as ever, after which the upload is deleted. An upload is
-- never a version: nothing answers it, and one older than a day is deleted at the next upload.
create table questionnaire_uploads (
  id           uuid primary key,
  definition   jsonb not null,
  uploaded_by  bigint not null references users(id) on delete cascade,
  uploaded_at  timestamptz not null default now()
);
create index questionnaire_uploads_uploaded_at on questionnaire_uploads (uploaded_at);
