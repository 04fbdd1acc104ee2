package org.bss.platform.store.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.store.EventLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link EventLog} on the events table (and event_keys to find one event by source and id).
 *
 * <p>Times go in and out as {@code java.time} values, which the driver converts with the proleptic Gregorian
 * calendar that PostgreSQL uses: {@code java.sql.Timestamp} would take the Julian calendar before 1583 and shift
 * such times by days.
 */
@Component
class JdbcEventLog implements EventLog {

    private static final String COLUMNS = """
            e.tx, e.event_id, e.id, e.source, e.type, e.subject, e.time, e.datacontenttype, e.dataschema, e.extensions,
            e.data_json::text as data_json, e.data_binary""";
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcEventLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Page read(Selection selection, Position after, int limit) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS);
        List<Object> params = new ArrayList<>();
        if (selection.source() != null && selection.id() != null) {
            // The claim row knows the event's day: look in that partition only.
            sql.append(" from event_keys k join events e on e.received_at = k.received_at and e.tenant_id = k.tenant_id")
                    .append(" and e.event_id = k.event_id where k.key = ? and e.tenant_id = ? and e.source = ? and e.id = ?");
            params.add(new EventKey(selection.tenantId(), selection.source(), selection.id()).hash());
            params.add(selection.tenantId());
            params.add(selection.source());
            params.add(selection.id());
        } else {
            sql.append(" from events e where e.tenant_id = ?");
            params.add(selection.tenantId());
            where(sql, params, "e.source", selection.source());
            where(sql, params, "e.id", selection.id());
        }
        where(sql, params, "e.type", selection.type());
        where(sql, params, "e.subject", selection.subject());
        if (selection.from() != null) {
            sql.append(" and e.time >= ?");
            params.add(timestamptz(selection.from()));
        }
        if (selection.to() != null) {
            sql.append(" and e.time < ?");
            params.add(timestamptz(selection.to()));
        }
        if (after != null) {
            sql.append(" and (e.tx, e.event_id) > (?, ?)");
            params.add(after.tx());
            params.add(after.eventId());
        }
        sql.append(" and e.tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
        sql.append(" order by e.tx, e.event_id limit ?");
        params.add(limit + 1);

        List<Row> rows = jdbc.sql(sql.toString()).params(params).query(this::row).list();
        boolean more = rows.size() > limit;
        List<Row> page = more ? rows.subList(0, limit) : rows;
        return new Page(page.stream().map(Row::event).toList(), page.isEmpty() ? after : page.getLast().position(), more);
    }

    @Override
    public List<CloudEvent> byIds(String tenantId, List<Ref> refs) {
        if (refs.isEmpty()) {
            return List.of();
        }
        String[] ids = new String[refs.size()];
        String[] received = new String[refs.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = refs.get(i).eventId().toString();
            received[i] = refs.get(i).receivedAt().toString();
        }
        return jdbc.sql("select " + COLUMNS + " from unnest(?::uuid[], ?::timestamptz[]) with ordinality r(event_id, received_at, n)"
                        + " join events e on e.tenant_id = ? and e.received_at = r.received_at and e.event_id = r.event_id"
                        + " order by r.n")
                .params(ids, received, tenantId).query(this::row).list().stream().map(Row::event).toList();
    }

    @Override
    public Stored scan(Scan scan, Position after, int limit) {
        return scan(scan, after, limit, true);
    }

    @Override
    public Stored scanCommitted(Scan scan, Position after, int limit) {
        return scan(scan, after, limit, false);
    }

    private Stored scan(Scan scan, Position after, int limit, boolean belowRunning) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(", e.tenant_id, e.received_at");
        List<Object> params = new ArrayList<>();
        scanned(sql, params, scan);
        if (after != null) {
            sql.append(" and (e.tx, e.event_id) > (?, ?)");
            params.add(after.tx());
            params.add(after.eventId());
        }
        if (belowRunning) {
            sql.append(" and e.tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
        }
        sql.append(" order by e.tx, e.event_id limit ?");
        params.add(limit + 1);
        List<BusRow> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            Row row = row(rs, n);
            return new BusRow(row.position(), new BusEvent(rs.getString("tenant_id"), row.position().eventId(),
                    rs.getObject("received_at", OffsetDateTime.class).toInstant(), row.event()));
        }).list();
        boolean more = rows.size() > limit;
        List<BusRow> page = more ? rows.subList(0, limit) : rows;
        return new Stored(page.stream().map(BusRow::event).toList(), page.stream().map(BusRow::position).toList(),
                page.isEmpty() ? after : page.getLast().position(), more);
    }

    @Override
    public List<Located> onPartition(String tenantId, int partition, long fromOffset, long toOffset,
            Instant receivedFrom, int limit) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(", e.received_at, e.kafka_offset")
                .append(" from events e where e.tenant_id = ? and e.kafka_partition = ? and e.kafka_offset >= ?")
                .append(" and e.kafka_offset < ?");
        List<Object> params = new ArrayList<>(List.of(tenantId, partition, fromOffset, toOffset));
        bound(sql, params, "e.received_at >= ?", receivedFrom);
        sql.append(" order by e.kafka_offset limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            Row row = row(rs, n);
            return new Located(new BusEvent(tenantId, row.position().eventId(),
                    rs.getObject("received_at", OffsetDateTime.class).toInstant(), row.event()), partition,
                    rs.getLong("kafka_offset"));
        }).list();
    }

    @Override
    public long count(Scan scan) {
        StringBuilder sql = new StringBuilder("select count(*)");
        List<Object> params = new ArrayList<>();
        scanned(sql, params, scan);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    @Override
    public long horizon() {
        return jdbc.sql("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint").query(Long.class).single();
    }

    @Override
    public List<String> tenants() {
        // A skip scan of the (tenant_id, tx, event_id) index: one probe per tenant, not a pass over every event.
        return jdbc.sql("""
                        with recursive t(tenant_id) as (
                            (select tenant_id from events order by tenant_id limit 1)
                            union all
                            select (select e.tenant_id from events e where e.tenant_id > t.tenant_id order by e.tenant_id limit 1)
                            from t where t.tenant_id is not null)
                        select tenant_id from t where tenant_id is not null""")
                .query(String.class).list();
    }

    private static void scanned(StringBuilder sql, List<Object> params, Scan scan) {
        sql.append(" from events e where e.tenant_id = ?");
        params.add(scan.tenantId());
        any(sql, params, "e.type", scan.types());
        any(sql, params, "e.subject", scan.subjects());
        any(sql, params, "e.source", scan.sources());
        if (scan.subjectPrefix() != null) {
            sql.append(" and starts_with(e.subject, ?)");
            params.add(scan.subjectPrefix());
        }
        bound(sql, params, "e.time >= ?", scan.from());
        bound(sql, params, "e.time < ?", scan.to());
        bound(sql, params, "e.received_at >= ?", scan.receivedFrom());
        bound(sql, params, "e.received_at < ?", scan.receivedTo());
    }

    private static void any(StringBuilder sql, List<Object> params, String column, List<String> values) {
        if (!values.isEmpty()) {
            sql.append(" and ").append(column).append(" = any(?::text[])");
            params.add(values.toArray(String[]::new));
        }
    }

    private static void bound(StringBuilder sql, List<Object> params, String condition, Instant bound) {
        if (bound != null) {
            sql.append(" and ").append(condition);
            params.add(timestamptz(bound));
        }
    }

    private record BusRow(Position position, BusEvent event) {
    }

    /**
     * A bound of {@code time} as PostgreSQL compares it: stored times have microseconds, so a bound between two
     * microseconds selects what the next microsecond up selects, whether inclusive ({@code from}) or not ({@code to}).
     */
    static OffsetDateTime timestamptz(Instant bound) {
        Instant micros = bound.truncatedTo(ChronoUnit.MICROS);
        return (micros.equals(bound) ? micros : micros.plus(1, ChronoUnit.MICROS)).atOffset(ZoneOffset.UTC);
    }

    private static void where(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private Row row(ResultSet rs, int rowNum) throws SQLException {
        OffsetDateTime time = rs.getObject("time", OffsetDateTime.class);
        String dataJson = rs.getString("data_json");
        byte[] data = dataJson != null ? dataJson.getBytes(StandardCharsets.UTF_8) : rs.getBytes("data_binary");
        Map<String, Object> extensions = json.readValue(rs.getString("extensions"), MAP);
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, rs.getString("id"), rs.getString("source"),
                rs.getString("type"), rs.getString("subject"), time == null ? null : time.toInstant().toString(),
                rs.getString("datacontenttype"), rs.getString("dataschema"), extensions, data);
        return new Row(new Position(rs.getLong("tx"), rs.getObject("event_id", UUID.class)), event);
    }

    private record Row(Position position, CloudEvent event) {
    }
}
