package org.bss.platform.replay.internal;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bss.platform.store.EventLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The replay jobs' table: what each job is, how far it got, and which instance runs it under which lease. */
@Component
class ReplayJobs {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, tenant_id, created_by, created_at, selection::text, speed, target::text,"
            + " state, error, position::text, events_read, events_delivered, events_refused, total, rate, yielding,"
            + " started_at, updated_at, finished_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transactions;

    ReplayJobs(JdbcClient jdbc, JsonMapper json, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
    }

    /** An event a job's target refused for good. */
    record Refused(UUID eventId, String tenantId, String id, String source, String type, String cause, Instant at) {
    }

    void create(ReplayJob job, String secret) {
        jdbc.sql("insert into replay_jobs (id, tenant_id, created_by, selection, speed, target, secret, state)"
                        + " values (?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?)")
                .params(job.id(), job.tenantId(), job.createdBy(), json.writeValueAsString(selection(job.selection())),
                        job.speed().text(), json.writeValueAsString(target(job.target())), secret, name(job.state()))
                .update();
    }

    Optional<ReplayJob> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + ", secret from replay_jobs where id = ?").param(id).query(this::job).optional();
    }

    /** The tenant's jobs (every tenant's when null), newest first. */
    List<ReplayJob> list(String tenantId, int limit) {
        return (tenantId == null
                ? jdbc.sql("select " + COLUMNS + ", secret from replay_jobs order by created_at desc limit ?").param(limit)
                : jdbc.sql("select " + COLUMNS + ", secret from replay_jobs where tenant_id = ? order by created_at desc limit ?")
                        .params(tenantId, limit))
                .query(this::job).list();
    }

    /** Takes up a running job that no instance holds (or whose instance let its lease run out), if there is one. */
    Optional<ReplayJob> claim(String owner, Duration lease) {
        return jdbc.sql("update replay_jobs set owner = ?, lease_until = now() + ? * interval '1 millisecond',"
                        + " started_at = coalesce(started_at, now()), updated_at = now()"
                        + " where id = (select id from replay_jobs where state = 'running'"
                        + " and (owner is null or lease_until < now()) order by created_at limit 1 for update skip locked)"
                        + " returning " + COLUMNS + ", secret")
                .params(owner, lease.toMillis()).query(this::job).optional();
    }

    void renew(String owner, Duration lease) {
        jdbc.sql("update replay_jobs set lease_until = now() + ? * interval '1 millisecond' where owner = ?")
                .params(lease.toMillis(), owner).update();
    }

    /** The states of the jobs this instance holds: one that is no longer running is stopped here. */
    Map<UUID, ReplayJob.State> held(String owner) {
        Map<UUID, ReplayJob.State> states = new HashMap<>();
        jdbc.sql("select id, state from replay_jobs where owner = ?").param(owner)
                .query(rs -> {
                    states.put(rs.getObject(1, UUID.class), state(rs.getString(2)));
                });
        return states;
    }

    /**
     * Records a page sent, with what the target refused, in one transaction; false when the job is no longer this
     * instance's to run (paused, cancelled, or taken up elsewhere), and then nothing is recorded.
     */
    boolean checkpoint(UUID id, String owner, Map<String, EventLog.Position> positions, ReplayJob.Progress progress,
            List<Sink.Refusal> refusals) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            if (progressed(id, owner, positions, progress, refusals, " and state = 'running'", "") == 0) {
                status.setRollbackOnly();
                return false;
            }
            return true;
        }));
    }

    /**
     * A run stopped (paused, cancelled, this instance stopping): records how far it got, whatever the job's state
     * now, and lets go of the job, so that the next run continues from there.
     */
    void stopped(UUID id, String owner, Map<String, EventLog.Position> positions, ReplayJob.Progress progress,
            List<Sink.Refusal> refusals) {
        ReplayJob.Progress idle = new ReplayJob.Progress(progress.read(), progress.delivered(), progress.refused(),
                progress.total(), null, false);
        transactions.executeWithoutResult(status -> progressed(id, owner, positions, idle, refusals, "",
                ", owner = null, lease_until = null"));
    }

    private int progressed(UUID id, String owner, Map<String, EventLog.Position> positions, ReplayJob.Progress progress,
            List<Sink.Refusal> refusals, String condition, String more) {
        int updated = jdbc.sql("update replay_jobs set position = ?::jsonb, events_read = ?, events_delivered = ?,"
                        + " events_refused = events_refused + ?, total = ?, rate = ?, yielding = ?, updated_at = now()" + more
                        + " where id = ? and owner = ?" + condition)
                .params(json.writeValueAsString(positions(positions)), progress.read(), progress.delivered(),
                        refusals.size(), progress.total(), progress.rate(), progress.yielding(), id, owner)
                .update();
        if (updated > 0 && !refusals.isEmpty()) {
            int n = refusals.size();
            String[][] columns = new String[6][n];
            for (int i = 0; i < n; i++) {
                Sink.Refusal refusal = refusals.get(i);
                columns[0][i] = refusal.event().eventId().toString();
                columns[1][i] = refusal.event().tenantId();
                columns[2][i] = refusal.event().event().id();
                columns[3][i] = refusal.event().event().source();
                columns[4][i] = refusal.event().event().type();
                columns[5][i] = refusal.cause();
            }
            jdbc.sql("insert into replay_refused (job_id, event_id, tenant_id, id, source, type, cause)"
                            + " select ?, * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                            + " on conflict do nothing")
                    .params(id, columns[0], columns[1], columns[2], columns[3], columns[4], columns[5])
                    .update();
        }
        return updated;
    }

    /** Ends a job this instance holds: completed or failed (with the reason). */
    void finish(UUID id, String owner, ReplayJob.State state, String error) {
        jdbc.sql("update replay_jobs set state = ?, error = ?, owner = null, lease_until = null, yielding = false,"
                        + " rate = null, finished_at = now(), updated_at = now() where id = ? and owner = ? and state = 'running'")
                .params(name(state), error, id, owner).update();
    }

    /** Moves a job from one of {@code from} to {@code to}; empty when it was in none of them. */
    Optional<ReplayJob> transition(UUID id, Set<ReplayJob.State> from, ReplayJob.State to) {
        return jdbc.sql("update replay_jobs set state = ?, error = null, updated_at = now(),"
                        + " finished_at = case when ? in ('cancelled') then now() end"
                        + " where id = ? and state = any(?::text[]) returning " + COLUMNS + ", secret")
                .params(name(to), name(to), id, from.stream().map(ReplayJobs::name).toArray(String[]::new))
                .query(this::job).optional();
    }

    /** Whether the job is no longer held by any instance (it stopped sending). */
    boolean released(UUID id) {
        return jdbc.sql("select owner is null from replay_jobs where id = ?").param(id).query(Boolean.class).optional()
                .orElse(true);
    }

    boolean rebuildActive() {
        return jdbc.sql("select exists (select 1 from replay_jobs where target ->> 'kind' = 'rebuild'"
                + " and state in ('running', 'paused'))").query(Boolean.class).single();
    }

    List<Refused> refused(UUID id, int limit) {
        return jdbc.sql("select event_id, tenant_id, id, source, type, cause, refused_at from replay_refused"
                        + " where job_id = ? order by refused_at, event_id limit ?")
                .params(id, limit)
                .query((rs, n) -> new Refused(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant()))
                .list();
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static ReplayJob.State state(String name) {
        return ReplayJob.State.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private ReplayJob job(ResultSet rs, int n) throws SQLException {
        Map<String, Object> position = json.readValue(rs.getString("position"), MAP);
        Map<String, EventLog.Position> positions = new LinkedHashMap<>();
        position.forEach((tenant, value) -> {
            Map<?, ?> at = (Map<?, ?>) value;
            positions.put(tenant, new EventLog.Position(((Number) at.get("tx")).longValue(),
                    UUID.fromString((String) at.get("eventId"))));
        });
        long total = rs.getLong("total");
        Long totalOrNull = rs.wasNull() ? null : total;
        double rate = rs.getDouble("rate");
        Double rateOrNull = rs.wasNull() ? null : rate;
        return new ReplayJob(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getString("created_by"),
                instant(rs, "created_at"), selection(json.readValue(rs.getString("selection"), MAP)),
                Speed.parse(rs.getString("speed")), target(json.readValue(rs.getString("target"), MAP), rs.getString("secret")),
                state(rs.getString("state")), rs.getString("error"), positions,
                new ReplayJob.Progress(rs.getLong("events_read"), rs.getLong("events_delivered"),
                        rs.getLong("events_refused"), totalOrNull, rateOrNull, rs.getBoolean("yielding")),
                instant(rs, "started_at"), instant(rs, "updated_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    static Map<String, Object> positions(Map<String, EventLog.Position> positions) {
        Map<String, Object> out = new LinkedHashMap<>();
        positions.forEach((tenant, p) -> out.put(tenant, Map.of("tx", p.tx(), "eventId", p.eventId().toString())));
        return out;
    }

    static Map<String, Object> selection(Selection s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("on", name(s.on()));
        out.put("from", s.from() == null ? null : s.from().toString());
        out.put("to", s.to() == null ? null : s.to().toString());
        out.put("types", s.types());
        out.put("subjects", s.subjects());
        out.put("subjectPrefix", s.subjectPrefix());
        out.put("sources", s.sources());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Selection selection(Map<String, Object> s) {
        return new Selection(Selection.On.valueOf(((String) s.get("on")).toUpperCase(Locale.ROOT)),
                s.get("from") == null ? null : Instant.parse((String) s.get("from")),
                s.get("to") == null ? null : Instant.parse((String) s.get("to")),
                (List<String>) s.get("types"), (List<String>) s.get("subjects"), (String) s.get("subjectPrefix"),
                (List<String>) s.get("sources"));
    }

    /** A target as stored and shown: never with the webhook's secret. */
    static Map<String, Object> target(ReplayTarget target) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (target) {
            case ReplayTarget.Topic topic -> {
                out.put("kind", "topic");
                out.put("topic", topic.topic());
            }
            case ReplayTarget.Webhook webhook -> {
                out.put("kind", "webhook");
                out.put("url", webhook.url().toString());
                out.put("mode", name(webhook.mode()));
                out.put("batchSize", webhook.batchSize());
            }
            case ReplayTarget.Rebuild rebuild -> out.put("kind", "rebuild");
        }
        return out;
    }

    private static ReplayTarget target(Map<String, Object> t, String secret) {
        return switch ((String) t.get("kind")) {
            case "topic" -> new ReplayTarget.Topic((String) t.get("topic"));
            case "webhook" -> new ReplayTarget.Webhook(URI.create((String) t.get("url")),
                    ReplayTarget.WebhookMode.valueOf(((String) t.get("mode")).toUpperCase(Locale.ROOT)),
                    ((Number) t.get("batchSize")).intValue(), secret);
            case "rebuild" -> new ReplayTarget.Rebuild();
            default -> throw new IllegalStateException("unknown target kind " + t.get("kind"));
        };
    }

}
