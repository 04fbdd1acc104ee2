package org.bss.bench.platform;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The human-readable result of the store benchmark. */
final class Markdown {

    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private Markdown() {
    }

    @SuppressWarnings("unchecked")
    static String of(StoreBenchmark.Options options, Map<String, Object> r, JsonMapper json) {
        Map<String, Object> writer = (Map<String, Object>) r.get("writer");
        Map<String, Object> raw = (Map<String, Object>) r.get("rawCopy");
        Map<String, Object> events = (Map<String, Object>) r.get("events");
        Map<String, Object> produce = (Map<String, Object>) r.get("produce");
        Map<String, Object> check = (Map<String, Object>) r.get("check");
        Map<String, Object> machine = (Map<String, Object>) r.get("machine");
        Map<String, Object> batches = (Map<String, Object>) writer.get("batches");
        Map<String, Object> wcpu = (Map<String, Object>) writer.get("cpu");
        Map<String, Object> rcpu = (Map<String, Object>) raw.get("cpu");
        Map<String, Object> table = (Map<String, Object>) raw.get("table");
        StringBuilder md = new StringBuilder();
        md.append("# Store: the writer vs a raw COPY of the same rows\n\n");
        md.append(String.format(Locale.ROOT, "**writer / raw COPY = %.3f: %s** (target ≥ %.1f). ", num(r.get("ratio")),
                r.get("verdict"), num(r.get("target"))));
        md.append(String.format(Locale.ROOT, "Writer %,d rows/s, raw COPY %,d rows/s, %,d events, one run on the embedded"
                        + " servers, same PostgreSQL, same table definition.\n\n",
                lng(writer.get("rowsPerSecond")), lng(raw.get("rowsPerSecond")), lng(events.get("count"))));

        md.append("Rows and seconds are the timed ones: each phase's first rows are a warm-up (see How it was measured);"
                + " WAL covers the whole phase.\n\n");
        md.append("| | rows/s | rows | seconds | connections | batch (rows) | cores busy: machine / JVM / PostgreSQL / other"
                + " | CPU µs a row: JVM / PostgreSQL | WAL MB |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | --- | --- | --- | ---: |\n");
        md.append(String.format(Locale.ROOT, "| writer (store role) | %,d | %,d | %.2f | %d consumers | %s max.poll.records;"
                        + " observed mean %s, median %s, %s transactions | %s | %s | %.0f |\n",
                lng(writer.get("rowsPerSecond")), lng(writer.get("rowsTimed")), num(writer.get("seconds")),
                lng(writer.get("consumers")), writer.get("batchSizeUsedForRaw"), batches.get("meanRows"),
                batches.get("medianRows"), batches.get("transactions"), cores(wcpu), perRow(wcpu), lng(writer.get("walBytes")) / 1e6));
        md.append(String.format(Locale.ROOT, "| raw COPY | %,d | %,d | %.2f | %d | %s | %s | %s | %.0f |\n",
                lng(raw.get("rowsPerSecond")), lng(raw.get("rowsTimed")), num(raw.get("seconds")), lng(raw.get("connections")),
                raw.get("batchSize"), cores(rcpu), perRow(rcpu), lng(raw.get("walBytes")) / 1e6));
        Map<String, Object> claim = (Map<String, Object>) r.get("claimPlusCopy");
        if (claim != null) {
            Map<String, Object> ccpu = (Map<String, Object>) claim.get("cpu");
            md.append(String.format(Locale.ROOT, "| claim + COPY, no platform | %,d | %,d | %.2f | %d | %s | %s | %s | %.0f |\n",
                    lng(claim.get("rowsPerSecond")), lng(claim.get("rowsTimed")), num(claim.get("seconds")),
                    lng(claim.get("connections")), claim.get("batchSize"), cores(ccpu), perRow(ccpu),
                    lng(claim.get("walBytes")) / 1e6));
            Map<String, Object> ratios = (Map<String, Object>) r.get("claimPlusCopyRatios");
            md.append(String.format(Locale.ROOT, "\nThe third row is not part of the target: it runs the writer's database work alone"
                            + " (its claim statement, then the COPY, one transaction per batch) on the same batches and"
                            + " connections, without Kafka, decoding or the platform. claim + COPY / raw COPY = %.3f: what the"
                            + " claim costs the database; writer / (claim + COPY) = %.3f: what the JVM side (poll, decode,"
                            + " building the binary COPY data of claims and rows, one batch at a time per consumer) costs on top.\n",
                    num(ratios.get("claimPlusCopyOverRawCopy")), num(ratios.get("writerOverClaimPlusCopy"))));
        }
        md.append(String.format(Locale.ROOT, "\nIn the JVM during the writer phase: GC pauses %.2f s, JIT compilation %.2f s"
                        + " (the JVM also runs the Kafka broker).\n",
                num(wcpu.get("jvmGcPauseSeconds")), num(wcpu.get("jvmJitCompileSeconds"))));
        md.append(String.format(Locale.ROOT, "\nThe writer over the second half of its rows: %,d rows/s; from the platform's launch"
                        + " (Spring start-up, group join included): %,d rows/s; launch to ready %.1f s, launch to first stored row %.1f s.\n\n",
                lng(writer.get("rowsPerSecondSecondHalf")), lng(writer.get("rowsPerSecondFromLaunch")),
                num(writer.get("launchToReadySeconds")), num(writer.get("launchToFirstRowSeconds"))));

        md.append("## How it was measured\n\n");
        md.append("- Command: `").append(r.get("command")).append("` (from the repository root)\n");
        md.append("- Date: ").append(r.get("date")).append("\n");
        md.append(String.format(Locale.ROOT, "- Events: %,d over %s tenants, %s; %s bytes on average as structured CloudEvents JSON"
                        + " (data %s bytes); every 10th (%,d) checked against the envelope rules, the catalog schema and the data-quality rules."
                        + " Produced to `%s` (%s partitions, %s), %s bytes a record, before the writer starts (not timed).\n",
                lng(events.get("count")), events.get("tenants"), events.get("byType"), events.get("avgStructuredJsonBytes"),
                events.get("avgDataBytes"), lng(events.get("validatedAgainstCatalog")), produce.get("topic"),
                produce.get("partitions"), produce.get("producer"), produce.get("avgRecordBytes")));
        md.append("- Writer: `new SpringApplicationBuilder(PlatformApplication.class).run(\"--bss.roles=store\", ...)` against the embedded"
                + " servers, consumer group `bench-store`. Timed ").append(writer.get("measured")).append(".\n");
        md.append("- Raw COPY: ").append(table.get("definition")).append("; ").append(raw.get("measured"))
                .append(String.format(Locale.ROOT, ". In batches of the writer's max.poll.records (%s rows, %s batches),"
                                + " one thread per connection taking the next batch. Untimed preparation: decoding the records as the writer"
                                + " does %.1f s, building the binary COPY data %.1f s (%s bytes a row).\n",
                        raw.get("batchSize"), raw.get("batches"), num(raw.get("untimedDecodeSeconds")),
                        num(raw.get("untimedTextBuildSeconds")), raw.get("avgCopyRowBytes")));
        if (claim != null) {
            md.append("- claim + COPY: ").append(((Map<String, Object>) claim.get("table")).get("definition")).append(", and ")
                    .append(((Map<String, Object>) ((Map<String, Object>) claim.get("table")).get("keys")).get("definition"))
                    .append("; ").append(claim.get("measured")).append(".\n");
        }
        md.append("- Before each timed phase: `checkpoint`; before the raw phases also `vacuum analyze` of the tables written"
                + " before, so that nothing left from an earlier phase runs during it. Order: writer, raw COPY, claim + COPY.\n");
        md.append("- Same definition: columns and indexes of `events_raw` compared with `events`: ")
                .append(Boolean.TRUE.equals(table.get("sameAsEvents")) ? "identical" : "**DIFFERENT**")
                .append("; indexes ").append(table.get("indexes")).append(".\n");
        md.append("- Same values: ").append(Boolean.TRUE.equals(check.get("sameRows")) ? "yes" : "**NO**")
                .append(" (").append(check.get("how")).append(": ").append(check.get("eventsFingerprint")).append(" in both).")
                .append(String.format(Locale.ROOT, " Sizes: events %.0f MB, events_raw %.0f MB, event_keys %.0f MB.\n",
                        lng(check.get("eventsBytes")) / 1e6, lng(check.get("eventsRawBytes")) / 1e6, lng(check.get("eventKeysBytes")) / 1e6));
        md.append("- Cores busy: averages over each timed phase from /proc (machine), the JVM's CPU time (writer and Kafka"
                + " broker: the broker runs in this JVM) and PostgreSQL's processes; \"other\" is everything else on the machine.\n\n");

        md.append("## Writer configuration\n\n");
        md.append("Settings as the platform saw them: `").append(write(writer.get("settings"))).append("`\n\n");
        md.append("As the store's listener container applies them: `").append(write(writer.get("effectiveConsumerConfig")))
                .append("`\n\n");
        if (writer.get("overrides") != null) {
            md.append("Overridden for this run: `").append(writer.get("overrides")).append("`\n\n");
        }

        md.append("## Machine\n\n");
        md.append("- `nproc`: ").append(machine.get("nproc")).append("; CPU: ").append(machine.get("cpu")).append("\n");
        md.append("- JVM: ").append(machine.get("jvm")).append("\n");
        md.append("- PostgreSQL: ").append(machine.get("postgresql")).append("; ")
                .append(write(machine.get("postgresqlSettings"))).append("\n");
        md.append("- Load average (1/5/15 min): ").append(write(machine.get("loadAverage"))).append("\n");
        md.append("- ").append(machine.get("note")).append(". Figures from a shared 2-core machine are indicative: the ratio"
                + " is the figure to compare, its phases ran within a minute of each other on the same servers.\n\n");

        Object wprofile = writer.get("profile");
        Object rprofile = raw.get("profile");
        if (wprofile != null) {
            md.append("## Profile (--profile: JFR on the writer phase, PostgreSQL statement durations)\n\n");
            md.append("Profiling slows both phases down; use the figures of a run without --profile.\n\n");
            Map<String, Object> wp = (Map<String, Object>) wprofile;
            md.append("PostgreSQL statement durations (log_min_duration_statement = 0), writer phase:\n\n");
            statements(md, (Map<String, Object>) wp.get("postgresStatements"));
            md.append(String.format(Locale.ROOT, "\nThese statements fill %.0f %% of the consumers' time (%s consumers × %.2f s);"
                            + " the rest is spent in the JVM (poll, decode, building the COPY data of claims and rows), not overlapped"
                            + " with the database.\n\n",
                    num(wp.get("statementShareOfConsumerTime")) * 100, writer.get("consumers"), num(writer.get("seconds"))));
            if (rprofile != null) {
                md.append("Raw COPY phase:\n\n");
                statements(md, (Map<String, Object>) ((Map<String, Object>) rprofile).get("postgresStatements"));
                md.append("\n");
            }
            if (claim != null && claim.get("profile") != null) {
                md.append("claim + COPY phase:\n\n");
                statements(md, (Map<String, Object>) ((Map<String, Object>) claim.get("profile")).get("postgresStatements"));
                md.append("\n");
            }
            Map<String, Object> jfr = (Map<String, Object>) wp.get("jfr");
            md.append("JFR CPU samples of the JVM while the writer ran (").append(jfr.get("cpuSamples"))
                    .append(" samples; the JVM also runs the Kafka broker):\n\n");
            samples(md, "thread", (Map<String, Object>) jfr.get("cpuSamplesByThread"));
            md.append("\nThe store listener's samples by what it was doing (first matching frame of the stack):\n\n");
            samples(md, "activity", (Map<String, Object>) jfr.get("writerListenerCpuByActivity"));
            md.append("\nHottest methods (top frame):\n\n");
            samples(md, "method", (Map<String, Object>) jfr.get("hotMethodsTopFrame"));
            md.append("\nRecording: `").append(wp.get("jfrFile")).append("` (`jfr view hot-methods FILE`).\n\n");
        }
        md.append("All figures: `bench/results/").append(options.name()).append(".json`.\n");
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private static void statements(StringBuilder md, Map<String, Object> statements) {
        md.append("| statement (protocol step) | count | total ms | mean ms | max ms |\n| --- | ---: | ---: | ---: | ---: |\n");
        statements.forEach((name, value) -> {
            if (value instanceof Map<?, ?> row) {
                Map<String, Object> r = (Map<String, Object>) row;
                md.append(String.format(Locale.ROOT, "| %s | %,d | %,.1f | %.2f | %.1f |\n", name, lng(r.get("count")),
                        num(r.get("totalMs")), num(r.get("meanMs")), num(r.get("maxMs"))));
            }
        });
    }

    private static void samples(StringBuilder md, String what, Map<String, Object> samples) {
        md.append("| ").append(what).append(" | share (samples) |\n| --- | ---: |\n");
        samples.forEach((name, value) -> md.append("| `").append(name).append("` | ").append(value).append(" |\n"));
    }

    private static String perRow(Map<String, Object> cpu) {
        return String.format(Locale.ROOT, "%.1f / %.1f", num(cpu.get("jvmCpuMicrosPerRow")), num(cpu.get("postgresCpuMicrosPerRow")));
    }

    private static String cores(Map<String, Object> cpu) {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f", num(cpu.get("machineCoresBusy")), num(cpu.get("jvmCores")),
                num(cpu.get("postgresCores")), num(cpu.get("otherProcessesCores")));
    }

    private static String write(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return COMPACT.writeValueAsString(value);
        }
        return String.valueOf(value);
    }

    private static double num(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static long lng(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
