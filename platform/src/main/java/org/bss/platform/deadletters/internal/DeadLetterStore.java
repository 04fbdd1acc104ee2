package org.bss.platform.deadletters.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The tables {@code dead_letters} and {@code dead_letter_receipts}. Callers run the writes in a transaction. */
@Component
@ConditionalOnRole(Role.REPLAY)
class DeadLetterStore {

    private static final int SAMPLES = 3;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DeadLetterStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Indexes one record of the dead-letter topic; false when it was indexed before. A failed redrive updates its
     * dead letter (when the stage is the same: a record redriven for the store that the projection refuses is a
     * dead letter of its own).
     */
    boolean index(Failure failure) {
        UUID id = failure.redriveId() != null && sameStageOrNone(failure.redriveId(), failure.stage())
                ? failure.redriveId() : UUID.randomUUID();
        boolean fresh = jdbc.sql("insert into dead_letter_receipts (dlq_partition, dlq_offset, dead_letter_id) values (?, ?, ?)"
                        + " on conflict do nothing")
                .params(failure.dlqPartition(), failure.dlqOffset(), id).update() == 1;
        if (!fresh) {
            return false;
        }
        jdbc.sql("""
                        insert into dead_letters (id, stage, cause, error, tenant_id, ce_id, ce_source, ce_type, origin_topic,
                            origin_partition, origin_offset, dlq_partition, dlq_offset, record_key, record_timestamp, value, headers,
                            first_failed_at, last_failed_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, now(), now())
                        on conflict (id) do update set status = 'dead', cause = excluded.cause, error = excluded.error,
                            dlq_partition = excluded.dlq_partition, dlq_offset = excluded.dlq_offset,
                            last_failed_at = excluded.last_failed_at, attempts = dead_letters.attempts + 1, redriven_at = null""")
                .params(id, failure.stage(), failure.cause(), failure.error(), failure.tenant(), failure.ceId(),
                        failure.ceSource(), failure.ceType(), failure.originTopic(), failure.originPartition(),
                        failure.originOffset(), failure.dlqPartition(), failure.dlqOffset(), failure.key(), failure.timestamp(),
                        failure.value(), StoredHeader.toJson(failure.headers(), json))
                .update();
        return true;
    }

    private boolean sameStageOrNone(UUID id, String stage) {
        return jdbc.sql("select stage from dead_letters where id = ?").param(id).query(String.class).optional()
                .map(stage::equals).orElse(true);
    }

    /** What the overview filters on; null for any. */
    record Filter(String tenant, String stage, String status) {
    }

    /** The dead letters of one stage and cause: how many, and the most recent few. */
    record Group(String stage, String cause, long count, List<Map<String, Object>> samples) {
    }

    List<Group> groups(Filter filter) {
        StringBuilder where = new StringBuilder("status = ?");
        List<Object> params = new ArrayList<>(List.of(filter.status()));
        if (filter.tenant() != null) {
            where.append(" and tenant_id = ?");
            params.add(filter.tenant());
        }
        if (filter.stage() != null) {
            where.append(" and stage = ?");
            params.add(filter.stage());
        }
        Map<List<String>, Group> groups = new LinkedHashMap<>();
        jdbc.sql("select * from (select id, stage, cause, tenant_id, ce_id, ce_source, ce_type, error, last_failed_at,"
                        + " row_number() over (partition by stage, cause order by last_failed_at desc, id) n,"
                        + " count(*) over (partition by stage, cause) total"
                        + " from dead_letters where " + where + ") s where n <= " + SAMPLES
                        + " order by total desc, stage, cause, n")
                .params(params)
                .query(rs -> {
                    long total = rs.getLong("total");
                    Group group = groups.computeIfAbsent(List.of(rs.getString("stage"), rs.getString("cause")),
                            k -> new Group(k.get(0), k.get(1), total, new ArrayList<>()));
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("id", rs.getObject("id", UUID.class));
                    sample.put("tenant", rs.getString("tenant_id"));
                    sample.put("ceId", rs.getString("ce_id"));
                    sample.put("ceSource", rs.getString("ce_source"));
                    sample.put("ceType", rs.getString("ce_type"));
                    sample.put("error", rs.getString("error"));
                    sample.put("failedAt", time(rs, "last_failed_at"));
                    group.samples().add(sample);
                });
        return List.copyOf(groups.values());
    }

    /** A dead letter, everything kept of it. */
    record Entry(UUID id, String status, String stage, String cause, String error, String tenant, String ceId,
            String ceSource, String ceType, String originTopic, Integer originPartition, Long originOffset, int dlqPartition,
            long dlqOffset, String key, long timestamp, byte[] value, List<StoredHeader> headers, String firstFailedAt,
            String lastFailedAt, int attempts, String redrivenAt) {
    }

    Optional<Entry> find(UUID id) {
        return jdbc.sql("select * from dead_letters where id = ?").param(id).query(this::entry).optional();
    }

    /** The dead letters of these ids, locked until the transaction ends. */
    List<Entry> lock(Collection<UUID> ids) {
        return jdbc.sql("select * from dead_letters where id = any(?::uuid[]) order by id for update")
                .param(ids.stream().map(UUID::toString).toArray(String[]::new)).query(this::entry).list();
    }

    /** The oldest dead letters (status dead) of a stage and cause, and of a tenant if given, locked until the transaction ends. */
    List<Entry> lockDead(String stage, String cause, String tenant, int limit) {
        return jdbc.sql("select * from dead_letters where status = 'dead' and stage = ? and cause = ?"
                        + (tenant == null ? "" : " and tenant_id = ?")
                        + " order by first_failed_at, id limit " + limit + " for update")
                .params(tenant == null ? List.of(stage, cause) : List.of(stage, cause, tenant)).query(this::entry).list();
    }

    void markRedriven(Collection<UUID> ids) {
        jdbc.sql("update dead_letters set status = 'redriven', redriven_at = now() where id = any(?::uuid[])")
                .param(ids.stream().map(UUID::toString).toArray(String[]::new)).update();
    }

    private Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getObject("id", UUID.class), rs.getString("status"), rs.getString("stage"), rs.getString("cause"),
                rs.getString("error"), rs.getString("tenant_id"), rs.getString("ce_id"), rs.getString("ce_source"),
                rs.getString("ce_type"), rs.getString("origin_topic"), rs.getObject("origin_partition", Integer.class),
                rs.getObject("origin_offset", Long.class), rs.getInt("dlq_partition"), rs.getLong("dlq_offset"),
                rs.getString("record_key"), rs.getLong("record_timestamp"), rs.getBytes("value"),
                StoredHeader.fromJson(rs.getString("headers"), json), time(rs, "first_failed_at"), time(rs, "last_failed_at"),
                rs.getInt("attempts"), time(rs, "redriven_at"));
    }

    private static String time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant().toString();
    }
}
