-- The photo of the officer on duty at a kiosk, shown beside "Cán bộ phục vụ". Kept with the kiosk,
-- apart from citizen data; base64 text keeps the column portable between the server and PGlite.
create table kiosk_officer_photos (
  kiosk_id      bigint primary key references kiosks(id) on delete cascade,
  content_type  text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  image_base64  text not null check (length(image_base64) <= 700000),
  updated_at    timestamptz not null default now()
);
