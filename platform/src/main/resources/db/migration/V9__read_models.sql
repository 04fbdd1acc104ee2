-- The projection's read models. Each row keeps its aggregate's folded state as jsonb (what the next event is
-- folded into), its view (what the read API answers, so a read parses no state) and, as columns, what queries
-- filter on.
create table rm_customers (
    tenant_id   text        not null,
    customer_id text        not null,
    state       jsonb       not null,
    view        jsonb       not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, customer_id)
);

create table rm_subscriptions (
    tenant_id       text        not null,
    subscription_id text        not null,
    customer_id     text,
    state           jsonb       not null,
    view            jsonb       not null,
    updated_at      timestamptz not null,
    primary key (tenant_id, subscription_id)
);
create index rm_subscriptions_customer on rm_subscriptions (tenant_id, customer_id);

create table rm_orders (
    tenant_id   text        not null,
    order_id    text        not null,
    customer_id text,
    state       jsonb       not null,
    view        jsonb       not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, order_id)
);

create table rm_invoices (
    tenant_id   text        not null,
    invoice_id  text        not null,
    customer_id text,
    status      text,
    due_date    date,
    state       jsonb       not null,
    view        jsonb       not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, invoice_id)
);
create index rm_invoices_customer on rm_invoices (tenant_id, customer_id, invoice_id);

create table rm_payments (
    tenant_id   text        not null,
    payment_id  text        not null,
    customer_id text,
    state       jsonb       not null,
    view        jsonb       not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, payment_id)
);

-- Sums: each applied event adds its part (an invoice's change of balance, a usage record's quantity).
create table rm_balances (
    tenant_id   text        not null,
    customer_id text        not null,
    currency    text        not null,
    invoiced    numeric     not null,
    paid        numeric     not null,
    overdue     numeric     not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, customer_id, currency)
);

create table rm_usage (
    tenant_id       text        not null,
    subscription_id text        not null,
    metric          text        not null,
    day             date        not null,
    unit            text,
    quantity        numeric     not null,
    charge          numeric     not null,
    currency        text,
    events          bigint      not null,
    primary key (tenant_id, subscription_id, metric, day)
);

-- Which events made each customer (aggregate 'customer/<id>'; a usage record whose customer is not known yet
-- goes under 'subscription/<id>'). The primary key makes an event count once however often it arrives; tx
-- (as in events) lets a snapshot say exactly which links it covers.
create table rm_links (
    tenant_id   text        not null,
    aggregate   text        not null,
    event_key   uuid        not null,
    time        timestamptz not null,
    event_id    uuid        not null,
    received_at timestamptz not null,
    tx          bigint      not null default (pg_current_xact_id()::text::bigint),
    primary key (tenant_id, aggregate, event_key)
);
create index rm_links_time on rm_links (tenant_id, aggregate, time, event_key) include (event_id, received_at, tx);

-- A folded state as of a cut: every link of the aggregate up to (cutoff_time, cutoff_key) whose transaction is
-- below tx_limit. Links past the cut or from tx_limit on are folded on top of it.
create table rm_snapshots (
    tenant_id   text        not null,
    aggregate   text        not null,
    cutoff_time timestamptz not null,
    cutoff_key  uuid        not null,
    tx_limit    bigint      not null,
    events      int         not null,
    state       jsonb       not null,
    created_at  timestamptz not null default now(),
    primary key (tenant_id, aggregate, cutoff_time, cutoff_key)
);

-- The projection's position on bss.events, committed with the models it produced: after a crash it resumes
-- exactly where its last transaction ended.
create table rm_offsets (
    topic          text        not null,
    kafka_partition int        not null,
    next_offset    bigint      not null,
    record_time    timestamptz not null,
    committed_at   timestamptz not null,
    primary key (topic, kafka_partition)
);
