-- Tenants' own event types: versioned JSON Schemas for their data. The platform's catalog ships with the code.
create table event_schemas (
    tenant_id  text        not null references tenants (tenant_id),
    type       text        not null,
    version    int         not null check (version > 0),
    schema     text        not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, type, version)
);

-- What ingest does with an event whose type has no schema: refuse it (strict) or accept it unvalidated.
alter table tenants add column schema_policy text not null default 'permissive'
    check (schema_policy in ('strict', 'permissive'));
