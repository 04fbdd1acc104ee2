-- Live analytics: the windows' figures, alerts and each tenant's detection thresholds (module analytics).

-- One window of one series: a tenant's metric (name), cut by dims ('' for the total, e.g. 'segment=smb').
create table analytics_series (
    tenant_id      text             not null,
    name           text             not null,
    window_seconds integer          not null,
    dims           text             not null,
    start_at       timestamptz      not null,
    count          bigint           not null,
    sum            double precision not null,
    updated_at     timestamptz      not null default now(),
    primary key (tenant_id, name, window_seconds, dims, start_at)
);
create index analytics_series_age on analytics_series (window_seconds, start_at);

create table analytics_alerts (
    alert_id       uuid             primary key,
    tenant_id      text             not null,
    metric         text             not null,
    dims           text             not null,
    detector       text             not null,
    severity       text             not null,
    state          text             not null,
    window_seconds integer          not null,
    window_start   timestamptz      not null,
    observed       double precision,
    expected_low   double precision,
    expected_high  double precision,
    score          double precision,
    explanation    text             not null,
    opened_at      timestamptz      not null,
    resolved_at    timestamptz,
    updated_at     timestamptz      not null
);
create index analytics_alerts_by_tenant on analytics_alerts (tenant_id, window_start, alert_id);
create index analytics_alerts_by_time on analytics_alerts (window_start, alert_id);
create index analytics_alerts_open on analytics_alerts (tenant_id) where state = 'open';

create table analytics_thresholds (
    tenant_id  text        primary key,
    settings   jsonb       not null,
    updated_at timestamptz not null
);
