package org.bss.bench.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ch.qos.logback.classic.Level;
import org.bss.bench.ProcCpu;
import org.bss.devservices.DevServices;
import org.bss.devservices.DevServicesSettings;
import org.bss.devservices.EmbeddedPostgres;
import org.bss.model.readmodel.CustomerFolio;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What PostgreSQL spends writing a read model's folded state as jsonb against as text: the states of the load
 * generator's plan folded into customer folios (customers, subscriptions, orders, invoices, payments), written as the
 * projection writes them (arrays through {@code unnest}, batches of 500, {@code on conflict ... do update}) into a
 * fresh table per variant, first as new rows, then again over the same keys; the view column (jsonb) the same small
 * document in both. The PostgreSQL backend's CPU from {@code /proc}; the second of two rounds.
 * {@code BENCH_MAIN=org.bss.bench.platform.StateColumnVariants bench/store/run.sh}; writes
 * bench/results/projection-state-column.md.
 */
public final class StateColumnVariants {

    private static final int EVENTS = 200_000;
    private static final int BATCH = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A column type for the state, with what the table holds beside it. */
    private record Variant(String name, String type, String constraint) {
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("jsonb (before)", "jsonb", ""),
            new Variant("text with the check that refuses \\u0000 (now)", "text", ", check (strpos(state, '\\u0000') = 0)"));

    private record Row(String id, String state) {
    }

    private StateColumnVariants() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Path results = Path.of("bench/results");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--results")) {
                results = Path.of(args[++i]);
            } else if (args[i].equals("--command")) {
                i++;
            }
        }
        String started = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        String loadStart = Machine.loadAverage();
        List<Row> rows = states();
        long bytes = rows.stream().mapToLong(r -> r.state().length()).sum();
        StoreBenchmark.say("%,d states from %,d events, %,d bytes of JSON on average", rows.size(), EVENTS, bytes / rows.size());
        Path dir = Files.createTempDirectory("bss-state-column-");
        List<String> lines = new ArrayList<>();
        double[][] perRow = new double[VARIANTS.size()][];
        String version;
        try (DevServices services = DevServices.start(new DevServicesSettings(dir, false, true, false, 0, 0, 0))) {
            EmbeddedPostgres pg = services.postgres().orElseThrow();
            for (int round = 0; round < 2; round++) {
                for (int v = 0; v < VARIANTS.size(); v++) {
                    perRow[v] = measure(pg, VARIANTS.get(v), "state_" + VARIANTS.get(v).type() + "_" + round, rows);
                    StoreBenchmark.say("round %d, %s: %.1f µs a new row, %.1f µs an updated row", round + 1,
                            VARIANTS.get(v).name(), perRow[v][0], perRow[v][1]);
                }
            }
            version = Machine.postgresVersion(pg);
        }
        for (int v = 0; v < VARIANTS.size(); v++) {
            lines.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f |", VARIANTS.get(v).name(), perRow[v][0], perRow[v][1]));
        }
        String md = """
                # Projection: a read model's state as jsonb or as text

                PostgreSQL's CPU (its backend's, from `/proc`) per row written, the way the projection writes its read
                models: %,d states (%,d bytes of JSON on average) folded from %,d of the load generator's events with
                the plan's mix (customers, subscriptions, orders, invoices, payments), in batches of %d through `unnest`
                with `on conflict (tenant_id, id) do update`, one transaction a batch, into a fresh table per variant;
                first as new rows, then over the same keys. The view column is jsonb in both, the same small document.
                The second of two rounds.

                | state column | µs a new row | µs an updated row |
                | --- | ---: | ---: |
                %s

                - Command: `BENCH_MAIN=org.bss.bench.platform.StateColumnVariants bench/store/run.sh`
                - Date: %s; nproc %d; CPU %s; PostgreSQL %s; JVM %s
                - Load average before: %s, after: %s
                """.formatted(rows.size(), bytes / rows.size(), EVENTS, BATCH, String.join("\n", lines), started,
                Machine.nproc(), Machine.cpuModel(), version, Machine.jvm(), loadStart, Machine.loadAverage());
        Files.createDirectories(results);
        Files.writeString(results.resolve("projection-state-column.md"), md);
        StoreBenchmark.say("wrote %s", results.resolve("projection-state-column.md"));
        StoreBenchmark.deleteRecursively(dir);
        System.exit(0);
    }

    /** Every aggregate's state of the folded plan, as JSON. */
    private static List<Row> states() {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, CustomerFolio> entry : EndToEndCeilings.PlanFacts.of(EVENTS).folios().entrySet()) {
            CustomerFolio folio = entry.getValue();
            if (folio.customer().events() > 0) {
                rows.add(new Row("customer/" + entry.getKey(), JSON.writeValueAsString(folio.customer())));
            }
            add(rows, "subscription/", folio.subscriptions());
            add(rows, "order/", folio.orders());
            add(rows, "invoice/", folio.invoices());
            add(rows, "payment/", folio.payments());
        }
        return rows;
    }

    private static void add(List<Row> rows, String kind, Map<String, ?> states) {
        states.forEach((id, state) -> rows.add(new Row(kind + id, JSON.writeValueAsString(state))));
    }

    /** The backend's CPU in µs per row: new rows, then the same keys again. */
    private static double[] measure(EmbeddedPostgres pg, Variant variant, String table, List<Row> rows) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            long backend;
            try (Statement s = c.createStatement()) {
                s.execute("create table " + table + " (tenant_id text not null, id text not null, state " + variant.type()
                        + " not null, view jsonb not null, updated_at timestamptz not null, primary key (tenant_id, id)"
                        + variant.constraint() + ")");
                s.execute("checkpoint");
                try (ResultSet r = s.executeQuery("select pg_backend_pid()")) {
                    r.next();
                    backend = r.getLong(1);
                }
            }
            c.setAutoCommit(false);
            String sql = "insert into " + table + " (tenant_id, id, state, view, updated_at) select *, now() from"
                    + " unnest(?::text[], ?::text[], ?::" + variant.type() + "[], ?::jsonb[]) on conflict (tenant_id, id)"
                    + " do update set state = excluded.state, view = excluded.view, updated_at = excluded.updated_at";
            double[] micros = new double[2];
            for (int pass = 0; pass < 2; pass++) {
                long before = ProcCpu.processTicks(backend);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int start = 0; start < rows.size(); start += BATCH) {
                        List<Row> batch = rows.subList(start, Math.min(rows.size(), start + BATCH));
                        ps.setArray(1, c.createArrayOf("text", batch.stream().map(r -> "bench").toArray()));
                        ps.setArray(2, c.createArrayOf("text", batch.stream().map(Row::id).toArray()));
                        ps.setArray(3, c.createArrayOf("text", batch.stream().map(Row::state).toArray()));
                        ps.setArray(4, c.createArrayOf("text", batch.stream().map(r -> "{\"id\": \"" + r.id() + "\"}").toArray()));
                        ps.executeUpdate();
                        c.commit();
                    }
                }
                micros[pass] = ProcCpu.seconds(ProcCpu.processTicks(backend) - before) * 1e6 / rows.size();
            }
            return micros;
        }
    }
}
