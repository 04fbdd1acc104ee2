package org.bss.platform.store.internal;

import org.bss.platform.store.EventKey;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads stored events back, always within one tenant, in the order they were stored. Only rows of
 * transactions older than every transaction still running are read, so a page never has a gap that a
 * slower writer fills in later: paging with {@code next} sees every event exactly once.
 */
@Component
class EventReader {

    private static final String COLUMNS = """
            e.tx, e.event_id, e.id, e.source, e.type, e.subject, e.time, e.datacontenttype, e.dataschema, e.extensions,
            e.data_json::text as data_json, e.data_binary""";
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EventReader(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * One page: at most {@code limit} events; {@code next} is the position after them (pass it as {@code after}
     * for the following page, now or later when more events have come); {@code more} says whether more are
     * there already.
     */
    Page find(EventQuery query) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS);
        List<Object> params = new ArrayList<>();
        if (query.source() != null && query.id() != null) {
            // The claim row knows the event's day: look in that partition only.
            sql.append(" from event_keys k join events e on e.received_at = k.received_at and e.tenant_id = k.tenant_id")
                    .append(" and e.event_id = k.event_id where k.key = ? and e.tenant_id = ? and e.source = ? and e.id = ?");
            params.add(new EventKey(query.tenantId(), query.source(), query.id()).hash());
            params.add(query.tenantId());
            params.add(query.source());
            params.add(query.id());
        } else {
            sql.append(" from events e where e.tenant_id = ?");
            params.add(query.tenantId());
            where(sql, params, "e.source", query.source());
            where(sql, params, "e.id", query.id());
        }
        where(sql, params, "e.type", query.type());
        where(sql, params, "e.subject", query.subject());
        if (query.from() != null) {
            sql.append(" and e.time >= ?");
            params.add(java.sql.Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and e.time < ?");
            params.add(java.sql.Timestamp.from(query.to()));
        }
        if (query.after() != null) {
            sql.append(" and (e.tx, e.event_id) > (?, ?)");
            params.add(query.after().tx());
            params.add(query.after().eventId());
        }
        sql.append(" and e.tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
        sql.append(" order by e.tx, e.event_id limit ?");
        params.add(query.limit() + 1);

        List<Row> rows = jdbc.sql(sql.toString()).params(params).query(this::row).list();
        boolean more = rows.size() > query.limit();
        List<Row> page = more ? rows.subList(0, query.limit()) : rows;
        String next = page.isEmpty() ? (query.after() == null ? null : query.after().encode()) : page.getLast().cursor().encode();
        return new Page(page.stream().map(Row::event).toList(), next, more);
    }

    private static void where(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private Row row(ResultSet rs, int rowNum) throws SQLException {
        Timestamp time = rs.getTimestamp("time");
        String dataJson = rs.getString("data_json");
        byte[] data = dataJson != null ? dataJson.getBytes(StandardCharsets.UTF_8) : rs.getBytes("data_binary");
        Map<String, Object> extensions = json.readValue(rs.getString("extensions"), MAP);
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, rs.getString("id"), rs.getString("source"),
                rs.getString("type"), rs.getString("subject"), time == null ? null : time.toInstant().toString(),
                rs.getString("datacontenttype"), rs.getString("dataschema"), extensions, data);
        return new Row(new Cursor(rs.getLong("tx"), rs.getObject("event_id", UUID.class)), event);
    }

    record Page(List<CloudEvent> events, String next, boolean more) {
    }

    private record Row(Cursor cursor, CloudEvent event) {
    }
}
