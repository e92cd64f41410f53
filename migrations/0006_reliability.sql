-- Issue 11 (reliability): closed periods, what a kiosk set aside, and sign-in attempts a brake refused.

-- Closed periods (kỳ đã chốt). After the annual report a coordinator closes a year for an agency's
-- subtree (usually the province). Responses dated (Viet Nam time) in a closed year of their agency
-- or one of its ancestors are still stored, but flagged with the reason code 'closed-period' and so
-- left out of the figures, unless a coordinator includes them after review (the flag review).
-- Reopening deletes the row; both acts are in the audit log.
create table closed_periods (
  agency_id        bigint not null references agencies(id),
  year             integer not null check (year between 2000 and 2100),
  closed_at        timestamptz not null default now(),
  closed_by        bigint references users(id),
  -- Who closed it when no user row did (the command line).
  closed_by_label  text check (length(closed_by_label) <= 200),
  primary key (agency_id, year)
);

-- How many ratings the server refused for good and the device keeps aside (reported at heartbeat).
alter table kiosks add column rejected_count integer check (rejected_count >= 0);

-- An attempt a brake refused (the address's rate, the account's slow-down, a lock) is recorded for
-- the address's rate only: it never counts as a failure against the account, so that one address
-- cannot push somebody else's account into its slow-down.
alter table sign_in_attempts add column refused boolean not null default false;
create index sign_in_attempts_email_ip on sign_in_attempts (email, ip, attempted_at);
