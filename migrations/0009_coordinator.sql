-- Issue 13: the coordinator runs the province from the browser.
--
-- An API token may be given an expiry when it is created (a contractor's integration for one
-- campaign, say): after it the token is refused like a revoked one, and the staff home counts the
-- tokens that expire within the next 30 days. Null: no expiry, as every token before this one.
alter table api_tokens add column expires_at timestamptz;
create index api_tokens_expires on api_tokens (expires_at) where revoked_at is null and expires_at is not null;

-- The audit log page filters by agency and date: audit_log_at and audit_log_agency (0001) serve it.
