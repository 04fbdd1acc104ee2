-- The dead-letter index: one row per record that a consumer could never process, as it came from the dead-letter
-- topic, until it is redriven. A redriven record that fails again comes back with the header bss_redrive_id and
-- updates its row (status dead again, the new cause, attempts + 1) instead of adding one.
create table dead_letters (
    id               uuid        primary key,
    status           text        not null default 'dead' check (status in ('dead', 'redriven')),
    stage            text        not null,
    cause            text        not null,
    error            text,
    tenant_id        text,
    ce_id            text,
    ce_source        text,
    ce_type          text,
    origin_topic     text,
    origin_partition int,
    origin_offset    bigint,
    -- the dead-letter record that last put the row in its state
    dlq_partition    int         not null,
    dlq_offset       bigint      not null,
    record_key       text,
    record_timestamp bigint      not null,
    value            bytea,
    -- the original headers but bss_dlq_*, in order: [{"name": ..., "value": base64 or null}]
    headers          jsonb       not null default '[]',
    first_failed_at  timestamptz not null,
    last_failed_at   timestamptz not null,
    attempts         int         not null default 1,
    redriven_at      timestamptz,
    unique (dlq_partition, dlq_offset)
);
create index dead_letters_groups on dead_letters (status, stage, cause, tenant_id, last_failed_at);

-- Every dead-letter record indexed, so that a record delivered again (a rebalance, a crash before the offset
-- commit) changes nothing.
create table dead_letter_receipts (
    dlq_partition  int    not null,
    dlq_offset     bigint not null,
    dead_letter_id uuid   not null,
    primary key (dlq_partition, dlq_offset)
);
