package org.bss.platform.stream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** The figures as Markdown (with a chart), and as JSON-ready maps. */
final class Report {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final List<BarChart.Segment> SEGMENTS = List.of(
            new BarChart.Segment("publishing: client", "#8e6fbf"),
            new BarChart.Segment("publishing: server", "#c9a0dc"),
            new BarChart.Segment("server, for the readers", "#e39b4f"),
            new BarChart.Segment("readers (all of them)", "#4f86c6"));

    /** Where and with what the run happened. */
    record Setting(BenchOptions options, Map<String, Object> machine, String date, String loadAverageAtEnd,
                   EventPool.Sizes sizes, String kafkaVersion, String redisVersion, String outputBufferLimit,
                   String jvmArguments) {
    }

    private final Setting setting;
    private final List<VariantRun.Result> results;
    private final List<StallRun.Result> stalls;

    Report(Setting setting, List<VariantRun.Result> results, List<StallRun.Result> stalls) {
        this.setting = setting;
        this.results = results;
        this.stalls = stalls;
    }

    String markdown(String chartFile) {
        BenchOptions o = setting.options();
        Map<String, Object> machine = setting.machine();
        StringBuilder md = new StringBuilder();
        md.append("# Live stream fan-out: a Kafka consumer per instance (K) or Redis sharded pub/sub (R)\n\n");
        md.append(f("Measured %s with `%s`.%n%n", setting.date(), o.command()));
        md.append(f("Machine: %s cores, %s, %s memory; %s; %s. Load average (1, 5, 15 min) %s at the start, %s at the"
                        + " end. Everything (publisher, readers, Kafka broker, redis-server) ran on this one machine.%n%n",
                machine.get("cores"), machine.get("cpu"), machine.getOrDefault("memory", "?"), machine.get("jvm"),
                machine.get("os"), machine.getOrDefault("loadAverage", "?"), setting.loadAverageAtEnd()));
        summary(md);
        setUp(md);
        cpu(md, chartFile);
        latency(md);
        stalls(md);
        comparison(md);
        return md.toString();
    }

    /** For each transport, its run with the most readers, in a line. */
    private void summary(StringBuilder md) {
        Map<Variant.Transport, VariantRun.Result> most = new LinkedHashMap<>();
        for (VariantRun.Result r : results) {
            VariantRun.Result known = most.get(r.variant().transport());
            if (r.variant().readers() > 0 && (known == null || r.variant().readers() > known.variant().readers())) {
                most.put(r.variant().transport(), r);
            }
        }
        if (most.isEmpty()) {
            return;
        }
        md.append("In short (CPU the live stream adds per event, all in; latency from publish to reader):\n\n");
        for (VariantRun.Result r : most.values()) {
            Costs c = Costs.of(r, results);
            Histogram h = r.latency();
            String server = c.redis()
                    ? "redis-server " + num(c.server()) + " µs, the publishing client " + num(c.publishClient()) + " µs"
                    : "the broker " + num(c.serverForReaders()) + " µs more than with none";
            md.append(f("- **%s**: %s µs (%d reader(s) of %s µs each, %s); p50 %s ms, p99 %s ms; lost %d.%n",
                    r.variant().name(), num(c.total()), c.readers(), num(c.perReader()), server, ms(h, 50), ms(h, 99),
                    r.lost()));
        }
        md.append("\n");
    }

    private void setUp(StringBuilder md) {
        BenchOptions o = setting.options();
        EventPool.Sizes sizes = setting.sizes();
        md.append("## Set-up\n\n");
        md.append(f("- One publisher thread sends %s (%.0f events/s), evenly spaced, of %d tenants; each variant runs %d s"
                        + " of warm-up, then %d s measured, after each transport ran %d s unmeasured (JIT warm-up). A"
                        + " reader stands for one instance; each has subscribers of %d of the %d tenants.%n",
                o.rateLabel(), o.eventsPerSecond(), o.tenants(), o.warmup(), o.seconds(), o.jitWarmup(),
                o.readerTenants(), o.tenants()));
        md.append(f("- Events: the load generator's (plan mix), their JSON data padded to at least %d bytes: on average %.0f"
                        + " bytes of data; the Kafka record (key, value, CloudEvents binary-mode headers) %.0f bytes; the"
                        + " Redis message (the same headers and value, length-prefixed) %.0f bytes. Both readers decode an"
                        + " event with `EventRecords.read`, so they differ only in how the bytes reach them.%n",
                o.dataBytes(), sizes.data(), sizes.kafkaRecord(), sizes.redisMessage()));
        md.append(f("- K: Kafka %s in this JVM (KRaft, one node), `%s` with %d partitions; the producer as ingest's"
                        + " (acks=all, idempotent, linger.ms 5); each reader one `KafkaConsumer`, no group, every"
                        + " partition assigned, from the end, fetch.min.bytes %d, fetch.max.wait.ms %d; it reads every"
                        + " record and keeps its tenants'.%n", setting.kafkaVersion(), EventPool.TOPIC, o.partitions(),
                o.fetchMinBytes(), o.fetchMaxWaitMs()));
        md.append(f("- R: redis-server %s as a child process; `SPUBLISH bss.stream.<tenant>` from one Lettuce connection,"
                        + " replies not awaited: *each* = written and flushed per event, *pipelined* = flushed every %d"
                        + " events; each reader one Lettuce pub/sub connection `SSUBSCRIBE`d to its tenants' channels,"
                        + " messages handled on its event loop thread.%n", setting.redisVersion(), o.pipeline()));
        md.append("- CPU: each Java thread's CPU time (ThreadMXBean) between the window's first and last event, grouped by"
                + " name; the publish call's CPU by the publishing thread's CPU clock around each call (less the clock's"
                + " own cost); redis-server's from /proc (user + system, every thread); the whole JVM's from"
                + " OperatingSystemMXBean. The broker is every Java thread of the JVM that is not a client's or the JVM's"
                + " own. Divided by the events of the window. The broker's share for the readers is the difference of"
                + " two runs of some 80 µs each, so it carries their noise; a run's JIT and garbage collection are in"
                + " *JVM outside Java threads* and in no component.\n");
        md.append(f("- JVM: `%s`.%n%n", setting.jvmArguments()));
    }

    private void cpu(StringBuilder md, String chartFile) {
        md.append("## CPU per event (µs)\n\n");
        md.append("What the live stream adds: for K nothing on the publishing side (ingest writes every event to Kafka"
                + " anyway), the broker's CPU beyond the 0-reader run, and the readers; for R the publish (client call and"
                + " its I/O thread), all of redis-server's CPU (split by the 0-reader run of the same publishing mode into"
                + " publishing and serving the readers), and the readers.\n\n");
        md.append("| variant | readers | publishing: client | publishing: server | server, for the readers | each reader |"
                + " extra per event, all in |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (VariantRun.Result r : results) {
            Costs c = Costs.of(r, results);
            md.append(f("| %s | %d | %s | %s | %s | %s | %s |%n", r.variant().name(), c.readers(),
                    c.redis() ? num(c.publishClient()) : "0 (paid anyway)",
                    c.redis() ? num(c.publishServer()) : "0 (paid anyway)",
                    c.readers() == 0 ? "" : num(c.serverForReaders()),
                    c.readers() == 0 ? "" : num(c.perReader()),
                    c.readers() == 0 && !c.redis() ? "" : "**" + num(c.total()) + "**"));
        }
        md.append("\nWhere it went, by component (µs per event; *publish call* is the publishing thread's CPU inside the"
                + " producer's `send` or Lettuce's `spublish` call, for K the cost ingest pays anyway):\n\n");
        md.append("| variant | publish call | publisher's I/O thread | each reader | broker | redis-server | JVM, whole |"
                + " JVM outside Java threads (GC, JIT) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (VariantRun.Result r : results) {
            boolean redis = r.variant().transport().redis();
            md.append(f("| %s | %s | %s | %s | %s | %s | %s | %s |%n", r.variant().name(), num(r.publishCallNanos() / 1000),
                    num(r.componentMicros(redis ? CpuSample.Usage.PUBLISHER_LETTUCE : CpuSample.Usage.PRODUCER_IO)),
                    r.variant().readers() == 0 ? "" : readers(r), num(r.componentMicros(CpuSample.Usage.BROKER)),
                    num(r.micros(r.usage().redis())), num(r.micros(r.usage().process())),
                    num(r.micros(r.usage().outsideJavaThreads()))));
        }
        md.append(f("%n![CPU per event by component](%s)%n%n", chartFile));
    }

    /** Each reader's CPU, separated by slashes when there are several. */
    private static String readers(VariantRun.Result r) {
        return r.readers().stream().map(f -> num(r.componentMicros(CpuSample.Usage.reader(f.reader()))))
                .collect(Collectors.joining(" / "));
    }

    private void latency(StringBuilder md) {
        md.append("## Latency from publish to a reader, and delivery\n\n");
        md.append("From just before the publish call to the reader's having decoded the event, over every reader's events"
                + " (ms). K's includes the producer's linger (up to 5 ms, as ingest's). R publishes an event once Kafka"
                + " has acknowledged it, so from ingest's write R's latency adds *publish → Kafka ack* (measured in the"
                + " K runs).\n\n");
        md.append("| variant | p50 | p90 | p99 | p99.9 | max | lost | out of order | twice |"
                + " publish → Kafka ack p50 / p99 | publisher late, max |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (VariantRun.Result r : results) {
            Histogram h = r.latency();
            long twice = r.readers().stream().mapToLong(Reception.Figures::duplicates).sum();
            String acks = r.acks() == null || r.acks().getTotalCount() == 0 ? ""
                    : ms(r.acks(), 50) + " / " + ms(r.acks(), 99);
            if (r.variant().readers() == 0) {
                md.append(f("| %s | | | | | | | | | %s | %s |%n", r.variant().name(), acks, num(r.maxBehindMillis())));
            } else {
                md.append(f("| %s | %s | %s | %s | %s | %s | %d | %d | %d | %s | %s |%n", r.variant().name(), ms(h, 50),
                        ms(h, 90), ms(h, 99), ms(h, 99.9), num(h.getMaxValue() / 1e6), r.lost(), r.reordered(), twice,
                        acks, num(r.maxBehindMillis())));
            }
        }
        md.append("\n*lost*: events of a reader's tenants published in the window that it never received; *out of order*:"
                + " events of a subject received after a later one of the same subject; *publisher late*: how far the"
                + " publishing thread fell behind its schedule.\n\n");
    }

    private void stalls(StringBuilder md) {
        if (stalls.isEmpty()) {
            return;
        }
        int seconds = stalls.get(0).stallSeconds();
        md.append(f("## A reader that stops reading for %d s%n%n", seconds));
        md.append(f("Two readers; 5 s after the start the second stops reading (R: its listener blocks the connection's"
                + " event loop, so nothing is read from the socket) for %d s, then goes on; publishing runs 15 s more."
                + " redis-server's `client-output-buffer-limit`: `%s`.%n%n", seconds, setting.outputBufferLimit()));
        md.append("| transport | events | stalled reader: lost | dropped by the server | latency max | live again after |"
                + " other reader: lost | other reader: p99 |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (StallRun.Result s : stalls) {
            Reception.Figures stalled = s.stalled();
            md.append(f("| %s | %d | %d | %s | %s s | %s | %d | %s ms |%n", s.transport().label, s.events(), stalled.lost(),
                    dropped(s),
                    num(stalled.latency().getMaxValue() / 1e9),
                    stalled.backToLiveNanos() < 0 ? "never" : num(stalled.backToLiveNanos() / 1e9) + " s",
                    s.other().lost(), ms(s.other().latency(), 99)));
        }
        md.append(f("%n*dropped by the server*: when redis-server closed the stalled reader's connection, from the stall's"
                + " start, and the most output it had queued for it (CLIENT LIST omem, sampled every 100 ms); what was"
                + " queued is gone with the connection. *live again after*: from the end of the stall to the first event"
                + " that reached the reader within 50 ms of its publishing.%n%n"));
    }

    /** When redis-server dropped the stalled reader, and what it had queued for it then. */
    private static String dropped(StallRun.Result s) {
        if (!s.transport().redis()) {
            return "n/a";
        }
        if (s.drop().afterNanos() < 0) {
            return f("no (at most %.1f MB queued)", s.drop().mostQueuedBytes() / 1e6);
        }
        return f("after %.1f s, %.1f MB queued for it", s.drop().afterNanos() / 1e9, s.drop().mostQueuedBytes() / 1e6);
    }

    private void comparison(StringBuilder md) {
        md.append("""
                ## What each design gives, and lacks

                - **Ordering per subject.** K: a subject's events share a partition (key tenant/subject), and a consumer \
                gets a partition in order: the order of the log, the store's order. R: a channel delivers in the order \
                redis-server ran the SPUBLISHes. With one publisher (as here) that is its order; with several ingest \
                instances each publishes after its own Kafka acknowledgement, so two events of a subject accepted by \
                different instances can reach the stream in another order than the log's, and nothing in the message \
                tells a reader.
                - **Positions for resuming.** K: every event has an offset; a reader that restarts, or falls behind, goes \
                on from where it was, and an offset (or the event id) can be handed to a subscriber to come back with. \
                R: pub/sub keeps nothing. A reader that is disconnected loses what was published until it has \
                subscribed again, and it cannot tell what it missed; a subscriber coming back must be served from the \
                event store and joined to the live channel by event id, with no position to join at.
                - **A slow reader.** K: the broker keeps no state per reader; a slow reader lags and catches up at its \
                own pace within the topic's retention. R: redis-server queues a subscriber's \
                unread messages in its output buffer; past `client-output-buffer-limit pubsub` (a hard limit, or a \
                soft limit held for its seconds) it closes the connection and everything queued is gone. The buffer is \
                memory of redis-server, shared by all its clients.
                - **What a reader pays for.** K: every instance reads and decodes every tenant's events, whatever \
                tenants its subscribers have, so its cost grows with the platform's total rate. R: an instance gets \
                only the channels of its subscribers' tenants; redis-server does the copying, once per subscribed \
                connection.
                - **What it adds to ingest.** K: nothing; the stream reads the topic ingest writes. R: a second write \
                on the accept path after Kafka's acknowledgement, and a Redis that must be up for the live stream to \
                get the event (Kafka keeps it either way).
                """);
    }

    /** Every figure, for the JSON file. */
    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        BenchOptions o = setting.options();
        root.put("benchmark", "live stream fan-out: Kafka consumer per instance vs Redis sharded pub/sub");
        root.put("command", o.command());
        root.put("date", setting.date());
        root.put("machine", setting.machine());
        root.put("loadAverageAtEnd", setting.loadAverageAtEnd());
        root.put("jvmArguments", setting.jvmArguments());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("eventsPerSecond", o.eventsPerSecond());
        settings.put("seconds", o.seconds());
        settings.put("warmupSeconds", o.warmup());
        settings.put("tenants", o.tenants());
        settings.put("readerTenants", o.readerTenants());
        settings.put("partitions", o.partitions());
        settings.put("dataBytesAtLeast", o.dataBytes());
        settings.put("pipeline", o.pipeline());
        settings.put("fetchMinBytes", o.fetchMinBytes());
        settings.put("fetchMaxWaitMs", o.fetchMaxWaitMs());
        settings.put("jitWarmupSeconds", o.jitWarmup());
        settings.put("kafka", setting.kafkaVersion());
        settings.put("redis", setting.redisVersion());
        settings.put("redisClientOutputBufferLimit", setting.outputBufferLimit());
        root.put("settings", settings);
        root.put("meanBytes", Map.of("data", setting.sizes().data(), "kafkaRecord", setting.sizes().kafkaRecord(),
                "redisMessage", setting.sizes().redisMessage()));
        root.put("variants", results.stream().map(this::json).toList());
        root.put("stalls", stalls.stream().map(Report::json).toList());
        return root;
    }

    private Map<String, Object> json(VariantRun.Result r) {
        Map<String, Object> v = new LinkedHashMap<>();
        Costs c = Costs.of(r, results);
        v.put("variant", r.variant().name());
        v.put("transport", r.variant().transport().label);
        v.put("readers", r.variant().readers());
        v.put("events", r.events());
        v.put("seconds", r.seconds());
        Map<String, Object> costs = new LinkedHashMap<>();
        costs.put("publishClient", finite(c.publishClient()));
        costs.put("publishServer", finite(c.publishServer()));
        costs.put("serverForReaders", finite(c.serverForReaders()));
        costs.put("perReader", c.perReader());
        costs.put("total", finite(c.total()));
        v.put("extraMicrosPerEvent", costs);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("publishCall", r.publishCallNanos() / 1000);
        cpu.put("clockReadNanosTakenOff", r.clockReadNanos());
        r.usage().components().forEach((name, nanos) -> cpu.put(name, r.micros(nanos)));
        cpu.put("redisServer", r.micros(r.usage().redis()));
        cpu.put("jvmProcess", r.micros(r.usage().process()));
        cpu.put("jvmOutsideJavaThreads", r.micros(r.usage().outsideJavaThreads()));
        v.put("cpuMicrosPerEvent", cpu);
        Map<String, Object> groups = new LinkedHashMap<>();
        r.usage().threadGroups().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() > 0)
                .forEach(e -> groups.put(e.getKey(), r.micros(e.getValue())));
        v.put("cpuMicrosPerEventByThreadGroup", groups);
        v.put("latencyMs", r.readers().isEmpty() ? null : percentiles(r.latency()));
        v.put("kafkaAckMs", r.acks() == null ? null : percentiles(r.acks()));
        v.put("readerFigures", r.readers().stream().map(Report::json).toList());
        v.put("publisherLateMaxMs", r.maxBehindMillis());
        v.put("publishErrors", r.publishErrors());
        return v;
    }

    private static Map<String, Object> json(StallRun.Result s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("transport", s.transport().label);
        v.put("stallSeconds", s.stallSeconds());
        v.put("events", s.events());
        v.put("droppedAfterSeconds", s.drop().afterNanos() < 0 ? null : s.drop().afterNanos() / 1e9);
        v.put("mostQueuedBytes", s.transport().redis() ? s.drop().mostQueuedBytes() : null);
        v.put("readers", s.readers().stream().map(Report::json).toList());
        return v;
    }

    private static Map<String, Object> json(Reception.Figures f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("reader", f.reader());
        v.put("expected", f.expected());
        v.put("received", f.received());
        v.put("lost", f.lost());
        v.put("outOfOrder", f.reordered());
        v.put("twice", f.duplicates());
        v.put("disconnects", f.disconnects());
        v.put("backToLiveSeconds", f.backToLiveNanos() < 0 ? null : f.backToLiveNanos() / 1e9);
        v.put("latencyMs", percentiles(f.latency()));
        return v;
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            for (double percentile : PERCENTILES) {
                p.put("p" + trim(percentile), h.getValueAtPercentile(percentile) / 1e6);
            }
            p.put("max", h.getMaxValue() / 1e6);
            p.put("mean", h.getMean() / 1e6);
        }
        return p;
    }

    /** Stacked bars of what each variant with readers adds per event. */
    String chart() {
        List<BarChart.Row> rows = new ArrayList<>();
        for (VariantRun.Result r : results) {
            if (r.variant().readers() == 0) {
                continue;
            }
            Costs c = Costs.of(r, results);
            double publishServer = c.redis() && Double.isNaN(c.publishServer()) ? c.server() : zeroIfNaN(c.publishServer());
            double forReaders = c.redis() && Double.isNaN(c.publishServer()) ? 0 : zeroIfNaN(c.serverForReaders());
            rows.add(new BarChart.Row(r.variant().name(),
                    new double[] {c.publishClient(), publishServer, forReaders, c.readers() * c.perReader()}));
        }
        return BarChart.render(f("CPU the live stream adds per event, %s, %d tenants", setting.options().rateLabel(),
                setting.options().tenants()), "µs of CPU per event", SEGMENTS, rows);
    }

    private static double zeroIfNaN(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private static Double finite(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "" : num(h.getValueAtPercentile(percentile) / 1e6);
    }

    /** Two decimals under 10, one under 100, none above; a dash for NaN. */
    static String num(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double magnitude = Math.abs(value);
        return f(magnitude < 10 ? "%.2f" : magnitude < 100 ? "%.1f" : "%.0f", value);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
