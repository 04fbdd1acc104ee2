-- Tenants and their API keys. A key is stored only as its SHA-256 hash; keys are 256-bit random
-- secrets, so a fast hash is the right tool (no password stretching needed).
create table tenants (
    tenant_id  text primary key check (tenant_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name       text        not null,
    status     text        not null default 'active' check (status in ('active', 'disabled')),
    created_at timestamptz not null default now()
);

create table api_keys (
    key_id     uuid primary key,
    tenant_id  text        not null references tenants (tenant_id),
    key_hash   bytea       not null unique,
    key_prefix text        not null,
    scopes     text[]      not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz,
    revoked_at timestamptz
);
create index api_keys_tenant on api_keys (tenant_id);

-- Every stored event, partitioned by day of received_at (UTC). Partitions are created ahead by the
-- platform (store role) and old ones detached by it. data_json keeps JSON data exactly as sent (json,
-- unlike jsonb, keeps the text); other data is kept as bytes.
create table events (
    tenant_id       text        not null,
    event_id        uuid        not null,
    id              text        not null,
    source          text        not null,
    type            text        not null,
    subject         text,
    time            timestamptz,
    datacontenttype text,
    dataschema      text,
    extensions      jsonb       not null default '{}',
    data_json       json,
    data_binary     bytea,
    received_at     timestamptz not null,
    kafka_partition int         not null,
    kafka_offset    bigint      not null
) partition by range (received_at);
create index events_tenant_event on events (tenant_id, event_id);

-- Exactly once across partitions: a unique index on a partitioned table must contain the partition key,
-- so (tenant, source, id) cannot be unique on events itself. This table is the claim: the writer claims a
-- batch's keys here first and stores only the events whose claim is new, in the same transaction. The key is
-- the first 128 bits of SHA-256(tenant_id, source, id): one small fixed-size index entry per event, half the
-- cost of an index on the three texts. The row also finds an event by source and id in its day's partition.
create table event_keys (
    key         uuid        primary key,
    tenant_id   text        not null,
    event_id    uuid        not null,
    received_at timestamptz not null
);
-- Rows arrive in received_at order, so a BRIN index serves retention's range deletes for almost nothing.
create index event_keys_received_at on event_keys using brin (received_at);
