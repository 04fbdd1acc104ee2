package org.bss.bench.platform;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import ch.qos.logback.classic.Level;
import org.bss.devservices.DevServices;
import org.bss.devservices.DevServicesSettings;
import org.bss.devservices.EmbeddedPostgres;
import org.bss.model.Uuid7;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;

/**
 * What the store's claim costs PostgreSQL, and what other ways of claiming would cost: 100 batches of 2,000 new keys,
 * one connection, one transaction per batch, each variant into a fresh table on the embedded PostgreSQL (a second
 * round is measured, the first one warms up). Not a test of the platform: the statements are written here, to show
 * the store's owners what a change to the claim would buy. {@code BENCH_MAIN=org.bss.bench.platform.ClaimVariants
 * bench/store/run.sh}; writes bench/results/store-claim-variants.md.
 */
public final class ClaimVariants {

    private static final int BATCHES = 100;
    private static final int SIZE = 2000;
    private static final String KEYS = "(tenant_id text not null, source text not null, id text not null, event_id uuid not null,"
            + " received_at timestamptz not null, primary key (tenant_id, source, id))";
    private static final String HASHED = "(key uuid primary key, event_id uuid not null, received_at timestamptz not null)";
    private static final String RECEIVED_AT = "create index on %s (received_at)";

    private record Variant(String name, String table, String index, String kind) {
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("A the first design's claim: text arrays, unnest, ON CONFLICT DO NOTHING, RETURNING (PK on tenant_id,"
                    + " source, id + received_at index, like event_keys)", KEYS, RECEIVED_AT, "A"),
            new Variant("B A without RETURNING (row count only)", KEYS, RECEIVED_AT, "B"),
            new Variant("C A without the received_at index", KEYS, null, "A"),
            new Variant("D A with a 16-byte key (uuid of SHA-256(tenant, source, id)) instead of three text columns", HASHED,
                    RECEIVED_AT, "D"),
            new Variant("E D without the received_at index and without RETURNING", HASHED, null, "E"),
            new Variant("F plain INSERT (no ON CONFLICT, no RETURNING) into the table of A: a duplicate fails the batch", KEYS,
                    RECEIVED_AT, "F"),
            new Variant("G COPY of the keys into the table of A: a duplicate fails the batch", KEYS, RECEIVED_AT, "G"),
            new Variant("H COPY of 16-byte keys into (key uuid primary key, event_id, received_at), no other index", HASHED,
                    null, "H"),
            new Variant("I COPY of the keys into a temporary table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING"
                    + " RETURNING into the table of A", KEYS, RECEIVED_AT, "I"),
            new Variant("J (reference) only parse the five arrays: select count(*) from unnest(...)", KEYS, null, "J"),
            new Variant("K (reference) INSERT from unnest into a table without any key or index",
                    "(tenant_id text, source text, id text, event_id uuid, received_at timestamptz)", null, "B"));

    private ClaimVariants() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        String command = "BENCH_MAIN=org.bss.bench.platform.ClaimVariants bench/store/run.sh";
        Path results = Path.of("bench/results");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--results")) {
                results = Path.of(args[++i]);
            } else if (args[i].equals("--command")) {
                i++; // run.sh names itself
            }
        }
        String started = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        String loadStart = Machine.loadAverage();
        Path dir = Files.createTempDirectory("bss-claim-variants-");
        List<String> rows = new ArrayList<>();
        String version;
        try (DevServices services = DevServices.start(new DevServicesSettings(dir, false, true, false, 0, 0, 0))) {
            EmbeddedPostgres pg = services.postgres().orElseThrow();
            List<Object[][]> batches = keys();
            for (int round = 0; round < 2; round++) {
                for (Variant v : VARIANTS) {
                    double ms = measure(pg, v, "claim_" + v.kind().toLowerCase(Locale.ROOT) + "_" + round + "_" + VARIANTS.indexOf(v),
                            batches);
                    if (round == 1) {
                        String line = String.format(Locale.ROOT, "| %s | %.1f |", v.name(), ms / BATCHES);
                        rows.add(line);
                        StoreBenchmark.say("%6.1f ms a batch of %,d: %s", ms / BATCHES, SIZE, v.name());
                    }
                }
            }
            version = Machine.postgresVersion(pg);
        }
        String md = """
                # Store: what the claim costs PostgreSQL, and alternatives

                %d batches of %,d new keys (8 tenants, sources like `/tenants/bench-t3/payments`, random UUID ids, UUIDv7
                event ids), one connection, one transaction per batch (commit included), each variant into a fresh table;
                the second of two rounds. For scale: the store benchmark's raw COPY of a batch of 2,000 events takes about
                25 ms on this machine (`store-writer-vs-copy-profile.md`).

                | variant | ms a batch |
                | --- | ---: |
                %s

                Variants F, G and H fail the whole batch on a duplicate key (unique violation): they would be the fast path
                of a writer that falls back to the claim with ON CONFLICT (A, D) when that happens, which is rare (a redelivered
                batch or a client that sent an event twice).

                - Command: `%s`
                - Date: %s; nproc %d; CPU %s; PostgreSQL %s; JVM %s
                - Load average before: %s, after: %s (a shared machine: figures are indicative)
                """.formatted(BATCHES, SIZE, String.join("\n", rows), command, started, Machine.nproc(), Machine.cpuModel(),
                version, Machine.jvm(), loadStart, Machine.loadAverage());
        Files.createDirectories(results);
        Files.writeString(results.resolve("store-claim-variants.md"), md);
        StoreBenchmark.say("wrote %s", results.resolve("store-claim-variants.md"));
        StoreBenchmark.deleteRecursively(dir);
        System.exit(0);
    }

    private static List<Object[][]> keys() throws Exception {
        Random random = new Random(1);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<Object[][]> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            Object[][] k = {new String[SIZE], new String[SIZE], new String[SIZE], new Object[SIZE], new Timestamp[SIZE],
                    new Object[SIZE]};
            for (int i = 0; i < SIZE; i++) {
                int t = random.nextInt(8) + 1;
                k[0][i] = "bench-t" + t;
                k[1][i] = "/tenants/bench-t" + t + (random.nextBoolean() ? "/payments" : "/webshop");
                k[2][i] = new UUID(random.nextLong(), random.nextLong()).toString();
                k[3][i] = Uuid7.next();
                k[4][i] = new Timestamp(System.currentTimeMillis());
                ByteBuffer hash = ByteBuffer.wrap(sha.digest((k[0][i] + "\u0000" + k[1][i] + "\u0000" + k[2][i])
                        .getBytes(StandardCharsets.UTF_8)));
                k[5][i] = new UUID(hash.getLong(), hash.getLong());
            }
            batches.add(k);
        }
        return batches;
    }

    private static double measure(EmbeddedPostgres pg, Variant v, String table, List<Object[][]> batches) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            try (Statement s = c.createStatement()) {
                s.execute("create table " + table + " " + v.table());
                if (v.index() != null) {
                    s.execute(v.index().formatted(table));
                }
                s.execute("checkpoint");
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (Object[][] k : batches) {
                int n = run(c, v.kind(), table, k);
                if (n != SIZE) {
                    throw new IllegalStateException(v.name() + ": " + n + " of " + SIZE);
                }
                c.commit();
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static int run(Connection c, String kind, String table, Object[][] k) throws Exception {
        String arrays = "unnest(?::text[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[])";
        return switch (kind) {
            case "A", "B", "F", "J" -> {
                String sql = switch (kind) {
                    case "A" -> "insert into " + table + " (tenant_id, source, id, event_id, received_at) select * from " + arrays
                            + " on conflict do nothing returning tenant_id, source, id";
                    case "B" -> "insert into " + table + " (tenant_id, source, id, event_id, received_at) select * from " + arrays
                            + " on conflict do nothing";
                    case "F" -> "insert into " + table + " (tenant_id, source, id, event_id, received_at) select * from " + arrays;
                    default -> "select count(*) from " + arrays;
                };
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setArray(1, c.createArrayOf("text", k[0]));
                    ps.setArray(2, c.createArrayOf("text", k[1]));
                    ps.setArray(3, c.createArrayOf("text", k[2]));
                    ps.setArray(4, c.createArrayOf("uuid", k[3]));
                    ps.setArray(5, c.createArrayOf("timestamptz", k[4]));
                    if (kind.equals("A")) {
                        yield returned(ps, 3);
                    }
                    if (kind.equals("J")) {
                        try (ResultSet r = ps.executeQuery()) {
                            r.next();
                            yield r.getInt(1);
                        }
                    }
                    yield ps.executeUpdate();
                }
            }
            case "D", "E" -> {
                String sql = "insert into " + table + " (key, event_id, received_at) select * from unnest(?::uuid[], ?::uuid[],"
                        + " ?::timestamptz[]) on conflict do nothing" + (kind.equals("D") ? " returning key" : "");
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setArray(1, c.createArrayOf("uuid", k[5]));
                    ps.setArray(2, c.createArrayOf("uuid", k[3]));
                    ps.setArray(3, c.createArrayOf("timestamptz", k[4]));
                    yield kind.equals("D") ? returned(ps, 1) : ps.executeUpdate();
                }
            }
            case "G", "H" -> (int) c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " from stdin",
                    new ByteArrayInputStream(copyText(k, kind.equals("H"))));
            case "I" -> {
                try (Statement s = c.createStatement()) {
                    s.execute("create temp table if not exists claim_in (tenant_id text, source text, id text, event_id uuid,"
                            + " received_at timestamptz) on commit delete rows");
                }
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy claim_in from stdin",
                        new ByteArrayInputStream(copyText(k, false)));
                try (PreparedStatement ps = c.prepareStatement("insert into " + table
                        + " select * from claim_in on conflict do nothing returning tenant_id, source, id")) {
                    yield returned(ps, 3);
                }
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static int returned(PreparedStatement ps, int columns) throws SQLException {
        Set<List<String>> claimed = new HashSet<>();
        try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                List<String> key = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    key.add(r.getString(i));
                }
                claimed.add(key);
            }
        }
        return claimed.size();
    }

    private static byte[] copyText(Object[][] k, boolean hashed) {
        StringBuilder text = new StringBuilder(SIZE * 120);
        for (int i = 0; i < k[0].length; i++) {
            if (hashed) {
                text.append(k[5][i]).append('\t');
            } else {
                text.append(k[0][i]).append('\t').append(k[1][i]).append('\t').append(k[2][i]).append('\t');
            }
            text.append(k[3][i]).append('\t').append(((Timestamp) k[4][i]).toInstant()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
