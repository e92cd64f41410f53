-- Kiosks: touch screens beside a counter, one per service point or more. A coordinator registers a
-- kiosk and gets a one-time pairing code; the device that opens it receives a long-lived secret.
-- Both are stored only as sha256: a copy of the database neither pairs a device nor passes for one.
create table kiosks (
  id                    bigint generated always as identity primary key,
  name                  text not null check (length(name) between 1 and 200),
  service_point_id      bigint not null references service_points(id),
  province_id           bigint not null references agencies(id),
  -- The device shows the latest published version of this questionnaire (counter-quick by default).
  questionnaire_id      bigint not null references questionnaires(id),
  -- Ratings closer together than this on one device are kept but flagged 'burst'.
  min_interval_seconds  integer not null default 5 check (min_interval_seconds between 0 and 3600),
  -- The officer at the counter, shown as "Cán bộ phục vụ"; snapshotted per rating in kiosk_ratings.
  officer_name          text check (length(officer_name) between 1 and 200),
  pairing_code_hash     text unique,
  pairing_expires_at    timestamptz,
  secret_hash           text unique,
  paired_at             timestamptz,
  revoked_at            timestamptz,
  -- What the device said at its last heartbeat.
  last_seen_at          timestamptz,
  app_version           text check (length(app_version) <= 64),
  queue_length          integer check (queue_length >= 0),
  created_at            timestamptz not null default now(),
  created_by            bigint references users(id),
  check ((pairing_code_hash is null) = (pairing_expires_at is null))
);
create index kiosks_service_point on kiosks (service_point_id);

-- Which kiosk took a rating and who was serving: kept apart from the citizen's answers
-- (invariant 6), so officer data can be reported on, or purged, without touching responses.
create table kiosk_ratings (
  response_id   uuid primary key references responses(id) on delete cascade,
  kiosk_id      bigint not null references kiosks(id),
  province_id   bigint not null references agencies(id),
  submitted_at  timestamptz not null,
  -- false for a rating inside the kiosk's minimum interval: the interval runs from counted ones only.
  counted       boolean not null,
  officer_name  text
);
create index kiosk_ratings_kiosk on kiosk_ratings (kiosk_id, submitted_at);
