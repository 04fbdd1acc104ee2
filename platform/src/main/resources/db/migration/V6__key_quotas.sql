-- An API key may have an ingest quota of its own, on top of its tenant's (null: only the tenant's applies).
alter table api_keys add column quota_rate int check (quota_rate > 0);
alter table api_keys add column quota_burst int check (quota_burst > 0);
