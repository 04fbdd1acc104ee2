-- Replay jobs: what to send (selection, speed, target), how far they got (position per tenant, counts) and who
-- runs them (owner and lease: a job whose lease ran out, its instance gone, is taken up by another).
create table replay_jobs (
    id               uuid        primary key,
    tenant_id        text,                       -- whose events; null: every tenant's (a rebuild)
    created_by       text        not null,
    created_at       timestamptz not null default now(),
    selection        jsonb       not null,
    speed            text        not null,
    target           jsonb       not null,       -- without the webhook's secret
    secret           text,
    state            text        not null,       -- running, paused, completed, cancelled, failed
    error            text,
    position         jsonb       not null default '{}',
    events_read      bigint      not null default 0,
    events_delivered bigint      not null default 0,
    events_refused   bigint      not null default 0,
    total            bigint,
    rate             double precision,
    yielding         boolean     not null default false,
    owner            text,
    lease_until      timestamptz,
    started_at       timestamptz,
    updated_at       timestamptz not null default now(),
    finished_at      timestamptz
);
create index replay_jobs_tenant on replay_jobs (tenant_id, created_at desc);
create index replay_jobs_running on replay_jobs (state) where state = 'running';

-- What a job's target refused for good (a webhook's 4xx, an event a rebuild cannot fold): the job's dead letters.
create table replay_refused (
    job_id     uuid        not null references replay_jobs (id) on delete cascade,
    event_id   uuid        not null,
    tenant_id  text        not null,
    id         text        not null,
    source     text        not null,
    type       text        not null,
    cause      text        not null,
    refused_at timestamptz not null default now(),
    primary key (job_id, event_id)
);
