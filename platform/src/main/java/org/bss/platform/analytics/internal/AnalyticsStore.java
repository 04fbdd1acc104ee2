package org.bss.platform.analytics.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** The analytics module's tables: the windows' figures, the alerts, and each tenant's thresholds. */
@Component
class AnalyticsStore {

    /** Reads an alert from a row whose columns are those both alert queries select, in that order. */
    private static final RowMapper<Alert> ALERT = (rs, row) -> new Alert(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), label(rs.getInt(8)),
            millis(rs.getObject(9, OffsetDateTime.class)), number(rs.getObject(10)), number(rs.getObject(11)),
            number(rs.getObject(12)), number(rs.getObject(13)), rs.getString(14),
            millis(rs.getObject(15, OffsetDateTime.class)),
            rs.getObject(16) == null ? null : millis(rs.getObject(16, OffsetDateTime.class)),
            millis(rs.getObject(17, OffsetDateTime.class)));

    private final JdbcTemplate jdbc;

    AnalyticsStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes figures, each the latest of its window (callers pass one per key). */
    void saveFigures(Collection<Figure> figures) {
        if (figures.isEmpty()) {
            return;
        }
        int n = figures.size();
        String[] tenants = new String[n];
        String[] names = new String[n];
        Integer[] windows = new Integer[n];
        String[] dims = new String[n];
        Long[] starts = new Long[n];
        Long[] counts = new Long[n];
        Double[] sums = new Double[n];
        int i = 0;
        for (Figure figure : figures) {
            tenants[i] = figure.tenant();
            names[i] = figure.name();
            windows[i] = (int) Window.labelled(figure.window()).size().toSeconds();
            dims[i] = figure.dims();
            starts[i] = figure.start();
            counts[i] = figure.count();
            sums[i] = figure.sum();
            i++;
        }
        jdbc.execute((Connection c) -> {
            try (var statement = c.prepareStatement("""
                    insert into analytics_series (tenant_id, name, window_seconds, dims, start_at, count, sum, updated_at)
                    select t, n, w, d, to_timestamp(s / 1000.0), c, u, now()
                      from unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::bigint[], ?::bigint[], ?::float8[])
                           as f(t, n, w, d, s, c, u)
                    on conflict (tenant_id, name, window_seconds, dims, start_at)
                    do update set count = excluded.count, sum = excluded.sum, updated_at = now()""")) {
                statement.setArray(1, array(c, "text", tenants));
                statement.setArray(2, array(c, "text", names));
                statement.setArray(3, array(c, "int4", windows));
                statement.setArray(4, array(c, "text", dims));
                statement.setArray(5, array(c, "int8", starts));
                statement.setArray(6, array(c, "int8", counts));
                statement.setArray(7, array(c, "float8", sums));
                return statement.executeUpdate();
            }
        });
    }

    /** A stored figure: the series' dimensions, the window's start and its tally. */
    record Point(String dims, Instant start, long count, double sum) {
    }

    List<Point> figures(String tenant, String name, Window window, Instant from, Instant to) {
        return jdbc.query("""
                        select dims, start_at, count, sum from analytics_series
                         where tenant_id = ? and name = ? and window_seconds = ? and start_at >= ? and start_at < ?
                         order by dims, start_at""",
                (rs, row) -> new Point(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getLong(3), rs.getDouble(4)),
                tenant, name, (int) window.size().toSeconds(), utc(from), utc(to));
    }

    /** Removes the figures of windows older than what each window's setting keeps. */
    int forget(Window window, Instant before) {
        return jdbc.update("delete from analytics_series where window_seconds = ? and start_at < ?",
                (int) window.size().toSeconds(), utc(before));
    }

    void saveAlerts(Collection<Alert> alerts) {
        for (Alert a : alerts) {
            jdbc.update("""
                            insert into analytics_alerts (alert_id, tenant_id, metric, dims, detector, severity, state,
                                window_seconds, window_start, observed, expected_low, expected_high, score, explanation,
                                opened_at, resolved_at, updated_at)
                            values (?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (alert_id) do update set severity = excluded.severity, state = excluded.state,
                                observed = excluded.observed, expected_low = excluded.expected_low,
                                expected_high = excluded.expected_high, score = excluded.score,
                                explanation = excluded.explanation, resolved_at = excluded.resolved_at,
                                updated_at = excluded.updated_at
                            where analytics_alerts.updated_at <= excluded.updated_at""",
                    a.id(), a.tenant(), a.metric(), a.dims(), a.detector(), a.severity(), a.state(),
                    (int) Window.labelled(a.window()).size().toSeconds(), utc(a.windowStart()), finite(a.observed()),
                    finite(a.expectedLow()), finite(a.expectedHigh()), finite(a.score()), a.explanation(),
                    utc(a.openedAt()), a.resolvedAt() == null ? null : utc(a.resolvedAt()), utc(a.updatedAt()));
        }
    }

    /** Where a page of alerts ends: the next page starts after this window start and id. */
    record AlertPosition(Instant windowStart, String id) {
    }

    /** A page of alerts in the order of their windows, after {@code after} (or from the first). */
    List<Alert> alerts(String tenant, String state, Instant from, Instant to, AlertPosition after, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("""
                select alert_id, tenant_id, metric, dims, detector, severity, state, window_seconds, window_start,
                       observed, expected_low, expected_high, score, explanation, opened_at, resolved_at, updated_at
                  from analytics_alerts where window_start >= ? and window_start < ?""");
        args.add(utc(from));
        args.add(utc(to));
        if (tenant != null) {
            sql.append(" and tenant_id = ?");
            args.add(tenant);
        }
        if (state != null) {
            sql.append(" and state = ?");
            args.add(state);
        }
        if (after != null) {
            sql.append(" and (window_start, alert_id) > (?, ?::uuid)");
            args.add(utc(after.windowStart()));
            args.add(after.id());
        }
        sql.append(" order by window_start, alert_id limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ALERT, args.toArray());
    }

    Optional<Alert> alert(String id) {
        List<Alert> found = jdbc.query("""
                        select alert_id, tenant_id, metric, dims, detector, severity, state, window_seconds, window_start,
                               observed, expected_low, expected_high, score, explanation, opened_at, resolved_at, updated_at
                          from analytics_alerts where alert_id = ?::uuid""",
                ALERT, id);
        return found.stream().findFirst();
    }

    /** Open alerts by severity, all tenants (for the platform's gauges). */
    List<Object[]> openAlertCounts() {
        return jdbc.query("select severity, count(*) from analytics_alerts where state = 'open' group by severity",
                (rs, row) -> new Object[] {rs.getString(1), rs.getLong(2)});
    }

    Optional<String> thresholds(String tenant) {
        return jdbc.query("select settings::text from analytics_thresholds where tenant_id = ?",
                (rs, row) -> rs.getString(1), tenant).stream().findFirst();
    }

    void saveThresholds(String tenant, String json) {
        jdbc.update("""
                insert into analytics_thresholds (tenant_id, settings, updated_at) values (?, ?::jsonb, now())
                on conflict (tenant_id) do update set settings = excluded.settings, updated_at = now()""", tenant, json);
    }

    private static String label(int seconds) {
        for (Window window : Window.values()) {
            if (window.size().toSeconds() == seconds) {
                return window.label();
            }
        }
        return seconds + "s";
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static long millis(OffsetDateTime time) {
        return time.toInstant().toEpochMilli();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(long millis) {
        return utc(Instant.ofEpochMilli(millis));
    }

    private static Array array(Connection c, String type, Object[] values) throws SQLException {
        return c.createArrayOf(type, values);
    }
}
