-- Who did what to which tenant, through the admin API. Never updated, never deleted by the platform.
create table admin_audit (
    audit_id  bigint generated always as identity primary key,
    at        timestamptz not null default now(),
    actor     text        not null,
    action    text        not null,
    tenant_id text,
    details   jsonb       not null default '{}'
);
create index admin_audit_at on admin_audit (at);
