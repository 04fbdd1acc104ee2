-- Per-tenant ingest quota (events per second, burst); null means the platform's default (bss.quota.*).
alter table tenants add column quota_rate int check (quota_rate > 0);
alter table tenants add column quota_burst int check (quota_burst > 0);
