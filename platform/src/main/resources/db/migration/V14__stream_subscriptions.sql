-- Filters a tenant stored to open streams with (POST /api/v1/subscriptions), in the CloudEvents Subscriptions
-- API's filter dialects.
create table stream_subscriptions (
    tenant_id       text        not null,
    subscription_id uuid        not null,
    filters         jsonb       not null,
    description     text,
    created_at      timestamptz not null default now(),
    created_by      text        not null,
    primary key (tenant_id, subscription_id)
);
