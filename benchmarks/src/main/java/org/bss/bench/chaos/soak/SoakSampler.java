package org.bss.bench.chaos.soak;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bss.bench.ProcCpu;
import org.bss.loadgen.run.Rates;

/**
 * The soak's sampler: beside a platform under load, every {@code --every} for {@code --for} takes a {@link SoakSample}
 * of what would show a leak; once the load has stopped, waits (at most {@code --drain}) for the consumer groups to
 * catch up and takes one last sample. Writes OUT/soak.json after every sample and prints a line for each.
 * <p>
 * The load generator runs an open model: when the platform falls behind, it goes on sending past the planned length
 * until every request due has been sent. Given its log (and process), the sampler samples on at the same pace while it
 * does (at most as long again), so that no sample counted as after the load is taken under load.
 *
 * <pre>
 * SoakSampler --pid PID --url http://localhost:PORT --admin-key-file DIR/data/admin-api-key
 *             --jdbc jdbc:postgresql://127.0.0.1:PORT/bss --user postgres --password postgres --out FOLDER
 *             [--every 60s] [--for 30m] [--drain 120s] [--heap jcmd|meter] [--loadgen-log FILE] [--loadgen-pid PID]
 *             [--postgres-pid POSTMASTER_PID]
 * </pre>
 *
 * {@code --heap jcmd} (the default) forces a full collection at each sample and reads the heap after it;
 * {@code --heap meter} forces nothing and takes the platform's jvm.gc.live.data.size meter instead.
 */
public final class SoakSampler {

    /** Figures of the load generator's progress line. */
    private static final Pattern ACHIEVED = Pattern.compile("achieved ([\\d,]+/s)");
    private static final Pattern ERRORS = Pattern.compile("errors ([\\d,]+)");
    private static final Pattern P99 = Pattern.compile("p99 ([\\d.,]+ ms)");
    private static final long DRAIN_POLL_MILLIS = 5_000;
    /** How much of the load generator's log is read for its last lines. */
    private static final int LOG_TAIL_BYTES = 16_384;

    private final Options options;
    private final ProcessProbe process;
    private final PlatformProbe platform;
    private final PostgresProbe postgres;
    private final List<SoakSample> samples = new ArrayList<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private long startNanos;
    private double forcedPauseSeconds;

    /** The command line. */
    record Options(long pid, URI url, String adminKey, String jdbc, String user, String password, Path out,
            double everySeconds, double forSeconds, double drainSeconds, boolean forceGc, Path loadgenLog, long loadgenPid,
            long postgresPid) {

        static Options parse(String[] args) throws IOException {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected an option, got " + args[i]);
                }
                o.put(args[i].substring(2), args[i + 1]);
            }
            String key = o.containsKey("admin-key") ? o.get("admin-key")
                    : Files.readString(Path.of(required(o, "admin-key-file"))).strip();
            String heap = o.getOrDefault("heap", "jcmd");
            if (!heap.equals("jcmd") && !heap.equals("meter")) {
                throw new IllegalArgumentException("--heap is jcmd or meter, not " + heap);
            }
            return new Options(Long.parseLong(required(o, "pid")), URI.create(required(o, "url")), key, required(o, "jdbc"),
                    o.getOrDefault("user", "postgres"), o.getOrDefault("password", "postgres"), Path.of(required(o, "out")),
                    seconds(o.getOrDefault("every", "60s")), seconds(o.getOrDefault("for", "30m")),
                    seconds(o.getOrDefault("drain", "120s")), heap.equals("jcmd"),
                    o.containsKey("loadgen-log") ? Path.of(o.get("loadgen-log")) : null,
                    Long.parseLong(o.getOrDefault("loadgen-pid", "-1")), Long.parseLong(o.getOrDefault("postgres-pid", "-1")));
        }

        private static String required(Map<String, String> options, String name) {
            String value = options.get(name);
            if (value == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }
    }

    SoakSampler(Options options) {
        this.options = options;
        this.process = new ProcessProbe(Path.of("/proc", Long.toString(options.pid())));
        this.platform = new PlatformProbe(options.url(), options.adminKey());
        this.postgres = new PostgresProbe(options.jdbc(), options.user(), options.password());
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SoakSampler --pid PID --url URL --admin-key-file FILE --jdbc URL [--user U] [--password P]"
                    + " --out FOLDER [--every 60s] [--for 30m] [--drain 120s] [--heap jcmd|meter] [--loadgen-log FILE]"
                    + " [--loadgen-pid PID] [--postgres-pid POSTMASTER_PID]");
            System.exit(1);
            return;
        }
        Files.createDirectories(options.out());
        SoakSampler sampler = new SoakSampler(options);
        boolean complete = sampler.run();
        System.exit(complete ? 0 : 1);
    }

    /** Samples for the whole run; false when the platform's process ended before. */
    boolean run() throws IOException, InterruptedException {
        Path file = options.out().resolve("soak.json");
        settings.put("pid", options.pid());
        settings.put("url", options.url().toString());
        settings.put("jdbc", options.jdbc());
        settings.put("everySeconds", options.everySeconds());
        settings.put("forSeconds", options.forSeconds());
        settings.put("drainSeconds", options.drainSeconds());
        settings.put("heap", options.forceGc()
                ? "jcmd GC.run, then GC.heap_info: the heap used after a full collection, young regions left out"
                : "the platform's jvm.gc.live.data.size meter (no collection forced)");
        settings.put("startedAt", Instant.now().toString());
        settings.put("platformCommandLine", process.commandLine());
        String flags = HeapInfo.jcmd(options.pid(), "VM.flags");
        settings.put("platformJvmFlags", flags == null ? "?" : flags.substring(flags.indexOf('\n') + 1).strip());
        System.out.printf(Locale.ROOT, ">> soak sampler: pid %d, a sample every %s for %s, then up to %s for the lag to drain; %s%n",
                options.pid(), SoakRules.clock(options.everySeconds()), SoakRules.clock(options.forSeconds()),
                SoakRules.clock(options.drainSeconds()), file);
        try (postgres) {
            startNanos = System.nanoTime();
            for (int k = 0; ; k++) {
                double due = k * options.everySeconds();
                sleepUntil(due);
                if (due >= options.forSeconds() - 1e-9) {
                    if (!loadStillSent() || due >= 2 * options.forSeconds()) {
                        break;
                    }
                    if (due < options.forSeconds() + options.everySeconds()) {
                        System.out.printf(Locale.ROOT, "   %s planned, and the load generator is still sending (behind its"
                                + " schedule): sampling on while it does%n", SoakRules.clock(options.forSeconds()));
                    }
                }
                if (!process.alive()) {
                    System.out.println("   the platform's process has ended: sampling stops");
                    return false;
                }
                record(file, SoakSample.LOAD);
            }
            drain();
            if (!process.alive()) {
                System.out.println("   the platform's process has ended: no sample after the load");
                return false;
            }
            record(file, SoakSample.AFTER);
        }
        return true;
    }

    /**
     * Whether the load generator still sends: its process alive and neither its verify nor its report begun in its log.
     * Without a log it is taken to have stopped at the planned length.
     */
    private boolean loadStillSent() {
        if (options.loadgenPid() > 0 && !ProcessHandle.of(options.loadgenPid()).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        if (options.loadgenLog() == null) {
            return false;
        }
        return logTail().stream().noneMatch(line -> line.startsWith("verify:") || line.startsWith("report:"));
    }

    /** Waits until every group's lag is near zero, or the drain time is over. */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + (long) (options.drainSeconds() * 1e9);
        long nearZero = SoakRules.DEFAULT.lagNearZero();
        while (true) {
            Map<String, Long> lag = lag();
            long max = lag.values().stream().mapToLong(Long::longValue).max().orElse(-1);
            if (max >= 0 && max <= nearZero) {
                System.out.printf(Locale.ROOT, "   load over; every consumer group within %,d records%n", nearZero);
                return;
            }
            if (System.nanoTime() >= deadline) {
                System.out.printf(Locale.ROOT, "   load over; the lag did not drain within %s: %s%n",
                        SoakRules.clock(options.drainSeconds()), lag);
                return;
            }
            System.out.printf(Locale.ROOT, "   load over; waiting for the lag to drain: %s%n", lag.isEmpty() ? "not read" : lag);
            Thread.sleep(DRAIN_POLL_MILLIS);
        }
    }

    private void record(Path file, String phase) throws IOException {
        SoakSample sample = take(phase);
        samples.add(sample);
        new SoakRun(settings, samples).write(file);
        System.out.println(line(sample, samples.getFirst()));
    }

    /** One sample; each source that fails leaves its figures unknown. */
    SoakSample take(String phase) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long epoch = System.currentTimeMillis();
        HeapInfo.Reading heap = options.forceGc() ? HeapInfo.forceAndRead(options.pid()) : new HeapInfo.Reading(-1, -1);
        PostgresProbe.Reading db = null;
        try {
            db = postgres.read();
        } catch (SQLException e) {
            warn("PostgreSQL", e);
        }
        long stored = -1;
        long liveData = -1;
        long pauseMillis = -1;
        try {
            String meters = platform.prometheus();
            stored = PlatformProbe.value(meters, PlatformProbe.STORED);
            liveData = PlatformProbe.value(meters, PlatformProbe.LIVE_DATA);
            double forced = PlatformProbe.sum(meters, PlatformProbe.GC_PAUSE_SUM, PlatformProbe.FORCED);
            if (options.forceGc() && !Double.isNaN(forced)) {
                pauseMillis = Math.round((forced - forcedPauseSeconds) * 1000);
                forcedPauseSeconds = forced;
            }
        } catch (IOException e) {
            warn("/actuator/prometheus", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessProbe.Status status = new ProcessProbe.Status(-1, -1, -1);
        ProcessProbe.Descriptors fds = new ProcessProbe.Descriptors(-1, Set.of());
        ProcessProbe.Tcp tcp = new ProcessProbe.Tcp(-1, -1);
        try {
            status = process.status();
            fds = process.descriptors();
            tcp = process.tcp(fds.socketInodes());
        } catch (IOException e) {
            warn("/proc/" + options.pid(), e);
        }
        Map<String, Long> lag = lag();
        Map<String, Double> cpu = new LinkedHashMap<>();
        try {
            cpu.put(SoakSample.PLATFORM, ProcCpu.seconds(ProcCpu.processTicks(options.pid())));
            if (options.postgresPid() > 0) {
                cpu.put(SoakSample.POSTGRESQL, ProcCpu.seconds(ProcCpu.serverTicks(options.postgresPid())));
            }
        } catch (IOException e) {
            warn("/proc/PID/stat", e);
        }
        return new SoakSample(Math.round(elapsed * 10) / 10.0, epoch, phase, options.forceGc() ? heap.bytes() : liveData,
                liveData, heap.gcMillis(), pauseMillis, status.rssBytes(), status.rssAnonBytes(), status.threads(), fds.open(),
                tcp.sockets(), tcp.established(), db == null ? -1 : db.connections(), db == null ? -1 : db.totalBytes(),
                db == null ? -1 : db.indexBytes(), db == null ? Map.of() : db.tables(), db == null ? -1 : db.eventsRowEstimate(),
                stored, lag, loadgenFigures(), cpu);
    }

    private Map<String, Long> lag() {
        try {
            return platform.lag();
        } catch (IOException | RuntimeException e) {
            warn("/api/v1/admin/consumers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Map.of();
    }

    /** The progress line of a sample. */
    static String line(SoakSample s, SoakSample first) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%7s %-5s", SoakRules.clock(s.elapsedSeconds()), s.phase()));
        line.append("  heap after GC ").append(mb(s.heapAfterGcBytes()));
        if (s.gcPauseMillis() >= 0) {
            line.append(String.format(Locale.ROOT, " (its pause %,d ms)", s.gcPauseMillis()));
        }
        line.append("  RSS ").append(mb(s.rssBytes()));
        line.append("  threads ").append(count(s.threads())).append("  fds ").append(count(s.openFds()))
                .append("  tcp ").append(count(s.tcpSockets())).append("  pg conns ").append(count(s.pgConnections()));
        String laggiest = s.lagByGroup().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        line.append("  lag ").append(s.maxLag() < 0 ? "?" : count(s.maxLag()) + (s.maxLag() > 0 ? " (" + laggiest + ")" : ""));
        line.append("  stored ").append(count(s.eventsStored())).append("  pg ").append(mb(s.pgTotalBytes()));
        double perEvent = SoakJudgement.bytesPerEvent(first, s);
        if (!Double.isNaN(perEvent)) {
            line.append(String.format(Locale.ROOT, " (%,.0f B/event)", perEvent));
        }
        if (s.loadgen() != null) {
            line.append("  | loadgen ").append(s.loadgen());
        }
        return line.toString();
    }

    /** "3,333/s, errors 0, p99 4.1 ms" from the load generator's last progress line; its verify line once it verifies. */
    private String loadgenFigures() {
        List<String> lines = logTail();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.startsWith("verify:") || line.startsWith("report:")) {
                return line.strip();
            }
            Matcher achieved = ACHIEVED.matcher(line);
            if (achieved.find()) {
                Matcher errors = ERRORS.matcher(line);
                Matcher p99 = P99.matcher(line);
                return achieved.group(1) + (errors.find() ? ", errors " + errors.group(1) : "")
                        + (p99.find() ? ", p99 " + p99.group(1) : "");
            }
        }
        return null;
    }

    /** The last lines of the load generator's log; none when it cannot be read. */
    private List<String> logTail() {
        if (options.loadgenLog() == null || !Files.isReadable(options.loadgenLog())) {
            return List.of();
        }
        try (RandomAccessFile log = new RandomAccessFile(options.loadgenLog().toFile(), "r")) {
            long from = Math.max(0, log.length() - LOG_TAIL_BYTES);
            byte[] tail = new byte[(int) (log.length() - from)];
            log.seek(from);
            log.readFully(tail);
            return List.of(new String(tail, StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private void sleepUntil(double seconds) {
        long due = startNanos + (long) (seconds * 1e9);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void warn(String source, Exception e) {
        System.out.println("   (" + source + " not read: " + e.getMessage() + ")");
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,.0f MB", bytes / SoakJudgement.MB);
    }

    private static String count(long value) {
        return value < 0 ? "?" : String.format(Locale.ROOT, "%,d", value);
    }

    /** "60s", "30m", "1h", "500ms" or plain seconds, as the load generator reads them, in seconds. */
    static double seconds(String text) {
        return Rates.duration(text).toMillis() / 1000.0;
    }
}
