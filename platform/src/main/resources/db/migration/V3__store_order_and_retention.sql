-- Keyset pages that stay stable while events are being written: every row records the id of the
-- transaction that stored it (xid8, 64-bit, never wraps). A reader only returns rows whose transaction id is
-- below the oldest transaction still running (pg_snapshot_xmin), so no row can later appear behind a page
-- it has already passed. Pages are ordered by (tx, event_id): the order in which events were stored.
alter table events add column tx bigint not null default (pg_current_xact_id()::text::bigint);
drop index events_tenant_event;
create index events_tenant_tx on events (tenant_id, tx, event_id);
create index events_tenant_subject_tx on events (tenant_id, subject, tx, event_id);

-- Per-tenant retention in days; null means the platform's default (bss.store.retention-days).
alter table tenants add column retention_days int check (retention_days > 0);
