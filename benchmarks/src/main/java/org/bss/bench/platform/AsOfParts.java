package org.bss.bench.platform;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.bss.model.readmodel.CustomerFolio;
import org.bss.model.readmodel.Fact;
import org.bss.model.readmodel.Stamp;
import org.bss.model.readmodel.Usage;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Where a warm as-of read's time goes, part by part: the steps of the platform's time travel (TimeTravel.fold)
 * replayed from this JVM against the platform's database, the same statements and the same folds, each timed on
 * its own: the latest snapshot (query, then parse of its JSON into a folio), the transaction horizon, the links past
 * the snapshot, their events (the store's byIds), and the fold. Each replayed read follows an HTTP read as of the
 * same instant; what the HTTP read takes beyond the parts' sum is the rest: the web stack, the view, the JSON answer,
 * the client, and the platform's own conditions (its heap, its threads).
 */
final class AsOfParts {

    static final List<String> PARTS = List.of("snapshot query", "snapshot parse", "xmin query", "links query",
            "events query", "fold");

    private static final char SEPARATOR = '\u001f';
    private static final JsonMapper JSON = JsonMapper.builder().addModule(usageKeys()).build();

    private static final String SNAPSHOT = "select cutoff_time, cutoff_key, tx_limit, events, state::text from rm_snapshots"
            + " where tenant_id = ? and aggregate = ? and cutoff_time <= ? order by cutoff_time desc, cutoff_key desc limit 1";
    private static final String XMIN = "select pg_snapshot_xmin(pg_current_snapshot())::text::bigint";
    private static final String LINKS = "select time, event_key, event_id, received_at, tx from rm_links"
            + " where tenant_id = ? and aggregate = ? and time <= ?";
    private static final String PAST_CUT = " and ((time, event_key) > (?, ?) or tx >= ?)";
    private static final String ORDER = " order by time, event_key";
    private static final String EVENTS = "select e.tx, e.event_id, e.id, e.source, e.type, e.subject, e.time,"
            + " e.datacontenttype, e.dataschema, e.extensions, e.data_json::text as data_json, e.data_binary"
            + " from unnest(?::uuid[], ?::timestamptz[]) with ordinality r(event_id, received_at, n)"
            + " join events e on e.tenant_id = ? and e.received_at = r.received_at and e.event_id = r.event_id order by r.n";

    private record Snapshot(Instant cutoffTime, UUID cutoffKey, long txLimit, int events, String state) {
    }

    private record Link(Instant time, UUID eventId, Instant receivedAt) {
    }

    private final Connection connection;
    private final String tenantId;
    private final String aggregate;
    private final Map<String, Histogram> micros = new LinkedHashMap<>();
    private long snapshotChars;
    private long linksFolded;
    private long measured;

    private AsOfParts(Connection connection, String tenantId, String aggregate) {
        this.connection = connection;
        this.tenantId = tenantId;
        this.aggregate = aggregate;
        PARTS.forEach(part -> micros.put(part, new Histogram(TimeUnit.MINUTES.toMicros(10), 3)));
    }

    /**
     * Replays {@code warmup} reads unmeasured, then one measured read as of each of {@code reads} instants, each
     * right after {@code alongside} was called with it (the HTTP read of the same instant, so that both see the
     * machine alike).
     */
    static Map<String, Object> measure(Connection connection, String tenantId, String customerId, int warmup,
            Supplier<Instant> instants, int reads, Consumer<Instant> alongside) throws SQLException {
        AsOfParts parts = new AsOfParts(connection, tenantId, "customer/" + customerId);
        for (int i = 0; i < warmup; i++) {
            parts.read(instants.get(), false);
        }
        for (int i = 0; i < reads; i++) {
            Instant asOf = instants.get();
            alongside.accept(asOf);
            parts.read(asOf, true);
        }
        return parts.figures();
    }

    /**
     * PostgreSQL's plans of the snapshot, links and events statements of a read as of {@code asOf}, as run (EXPLAIN
     * ANALYZE, BUFFERS, with the read's values bound).
     */
    static Map<String, String> plans(Connection connection, String tenantId, String customerId, Instant asOf)
            throws SQLException {
        AsOfParts parts = new AsOfParts(connection, tenantId, "customer/" + customerId);
        Snapshot snapshot = parts.snapshot(asOf);
        List<Link> links = parts.links(asOf, snapshot);
        Map<String, String> plans = new LinkedHashMap<>();
        plans.put("snapshot query", parts.explain(SNAPSHOT, s -> parts.bindSnapshot(s, asOf)));
        plans.put("links query", parts.explain(LINKS + (snapshot == null ? "" : PAST_CUT) + ORDER,
                s -> parts.bindLinks(s, asOf, snapshot)));
        plans.put("events query", parts.explain(EVENTS, s -> parts.bindEvents(s, links)));
        return plans;
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private String explain(String sql, Binder binder) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("explain (analyze, buffers) " + sql)) {
            binder.bind(s);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private void read(Instant asOf, boolean measure) throws SQLException {
        long t0 = System.nanoTime();
        Snapshot snapshot = snapshot(asOf);
        long t1 = System.nanoTime();
        CustomerFolio folio = snapshot == null ? CustomerFolio.initial("") : JSON.readValue(snapshot.state(), CustomerFolio.class);
        long t2 = System.nanoTime();
        long xmin = xmin();
        long t3 = System.nanoTime();
        List<Link> links = links(asOf, snapshot);
        long t4 = System.nanoTime();
        List<Fact> facts = events(links);
        long t5 = System.nanoTime();
        for (Fact fact : facts) {
            folio = CustomerFolio.evolve(folio, fact);
        }
        long t6 = System.nanoTime();
        if (!measure) {
            return;
        }
        long[] ends = {t1, t2, t3, t4, t5, t6};
        long from = t0;
        for (int i = 0; i < PARTS.size(); i++) {
            micros.get(PARTS.get(i)).recordValue(Math.max(1, (ends[i] - from) / 1000));
            from = ends[i];
        }
        measured++;
        snapshotChars += snapshot == null ? 0 : snapshot.state().length();
        linksFolded += facts.size();
        if (xmin < 0 || folio.customer() == null) {
            throw new IllegalStateException("unexpected state");
        }
    }

    private Snapshot snapshot(Instant asOf) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(SNAPSHOT)) {
            bindSnapshot(s, asOf);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Snapshot(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getObject(2, UUID.class),
                        rs.getLong(3), rs.getInt(4), rs.getString(5)) : null;
            }
        }
    }

    private void bindSnapshot(PreparedStatement s, Instant asOf) throws SQLException {
        s.setString(1, tenantId);
        s.setString(2, aggregate);
        s.setObject(3, asOf.atOffset(ZoneOffset.UTC));
    }

    private long xmin() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(XMIN); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Link> links(Instant asOf, Snapshot base) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(LINKS + (base == null ? "" : PAST_CUT) + ORDER)) {
            bindLinks(s, asOf, base);
            List<Link> links = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    links.add(new Link(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getObject(3, UUID.class),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
            return links;
        }
    }

    private void bindLinks(PreparedStatement s, Instant asOf, Snapshot base) throws SQLException {
        s.setString(1, tenantId);
        s.setString(2, aggregate);
        s.setObject(3, asOf.atOffset(ZoneOffset.UTC));
        if (base != null) {
            s.setObject(4, base.cutoffTime().atOffset(ZoneOffset.UTC));
            s.setObject(5, base.cutoffKey());
            s.setLong(6, base.txLimit());
        }
    }

    /** The links' events, as the store reads them by id, made into facts as time travel makes them. */
    private List<Fact> events(List<Link> links) throws SQLException {
        if (links.isEmpty()) {
            return List.of();
        }
        List<Fact> facts = new ArrayList<>(links.size());
        try (PreparedStatement s = connection.prepareStatement(EVENTS)) {
            bindEvents(s, links);
            try (ResultSet rs = s.executeQuery()) {
                int i = 0;
                while (rs.next()) {
                    JSON.readValue(rs.getString("extensions"), Map.class);
                    String data = rs.getString("data_json");
                    Link link = links.get(Math.min(i++, links.size() - 1));
                    facts.add(new Fact(rs.getString("type"), new Stamp(link.time(), rs.getString("source"), rs.getString("id")),
                            data == null ? null : JSON.readTree(data.getBytes(StandardCharsets.UTF_8))));
                }
            }
        }
        return facts;
    }

    private void bindEvents(PreparedStatement s, List<Link> links) throws SQLException {
        String[] ids = new String[links.size()];
        String[] received = new String[links.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = links.get(i).eventId().toString();
            received[i] = links.get(i).receivedAt().toString();
        }
        Array idArray = connection.createArrayOf("text", ids);
        Array receivedArray = connection.createArrayOf("text", received);
        s.setArray(1, idArray);
        s.setArray(2, receivedArray);
        s.setString(3, tenantId);
    }

    private Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("reads", measured);
        f.put("averageSnapshotChars", measured == 0 ? 0 : snapshotChars / measured);
        f.put("averageLinksFolded", measured == 0 ? 0 : Machine.round((double) linksFolded / measured, 1));
        Map<String, Object> parts = new LinkedHashMap<>();
        double sum = 0;
        for (Map.Entry<String, Histogram> part : micros.entrySet()) {
            Histogram h = part.getValue();
            Map<String, Object> ms = new LinkedHashMap<>();
            ms.put("mean", Machine.round(h.getMean() / 1000, 3));
            ms.put("p50", h.getValueAtPercentile(50) / 1000.0);
            ms.put("p99", h.getValueAtPercentile(99) / 1000.0);
            ms.put("max", h.getMaxValue() / 1000.0);
            parts.put(part.getKey(), ms);
            sum += h.getMean() / 1000;
        }
        f.put("partsMs", parts);
        f.put("sumOfMeansMs", Machine.round(sum, 3));
        return f;
    }

    /** Usage keys as map keys, as the platform's snapshots write them (FolioJson). */
    private static SimpleModule usageKeys() {
        return new SimpleModule("usage-keys")
                .addKeySerializer(Usage.Key.class, new ValueSerializer<>() {
                    @Override
                    public void serialize(Usage.Key key, JsonGenerator generator, SerializationContext context) {
                        generator.writeName(key.subscriptionId() + SEPARATOR + key.metric() + SEPARATOR + key.day());
                    }
                })
                .addKeyDeserializer(Usage.Key.class, new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String text, DeserializationContext context) {
                        int first = text.indexOf(SEPARATOR);
                        int last = text.lastIndexOf(SEPARATOR);
                        return new Usage.Key(text.substring(0, first), text.substring(first + 1, last),
                                LocalDate.parse(text.substring(last + 1)));
                    }
                });
    }
}
