package org.bss.bench.platform;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time goes (with --profile): PostgreSQL's own statement durations (log_min_duration_statement = 0,
 * parsed from the server log) and JFR CPU samples of this JVM, which runs the writer and the Kafka broker.
 */
final class Profile {

    private static final Pattern DURATION = Pattern.compile(
            "duration: ([0-9.]+) ms\\s+(statement|parse|bind|execute)[^:]*: (.*)");

    private Profile() {
    }

    /** Statement durations in the server log from byte offset {@code from}, by statement and protocol step. */
    static Map<String, Object> statementTimes(Path log, long from) throws IOException {
        Map<String, double[]> sums = new TreeMap<>(); // key -> {count, total ms, max ms}
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(from);
            String line;
            while ((line = file.readLine()) != null) {
                Matcher m = DURATION.matcher(new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
                if (!m.find()) {
                    continue;
                }
                double ms = Double.parseDouble(m.group(1));
                String key = category(m.group(3)) + " (" + m.group(2) + ")";
                double[] s = sums.computeIfAbsent(key, k -> new double[3]);
                s[0]++;
                s[1] += ms;
                s[2] = Math.max(s[2], ms);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        double[] other = new double[3];
        double[] main = new double[1];
        sums.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[1]))
                .forEach(e -> {
                    double[] s = e.getValue();
                    if (e.getKey().startsWith("other")) {
                        other[0] += s[0];
                        other[1] += s[1];
                        other[2] = Math.max(other[2], s[2]);
                        return;
                    }
                    main[0] += s[1];
                    result.put(e.getKey(), row(s));
                });
        if (other[0] > 0) {
            result.put("everything else (start-up, migrations, partitions, the benchmark's own queries)", row(other));
        }
        result.put("totalMsOfTheStatementsAbove", Machine.round(main[0], 1));
        return result;
    }

    private static Map<String, Object> row(double[] s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("count", (long) s[0]);
        row.put("totalMs", Machine.round(s[1], 1));
        row.put("meanMs", Machine.round(s[1] / s[0], 3));
        row.put("maxMs", Machine.round(s[2], 1));
        return row;
    }

    private static String category(String statement) {
        String s = statement.strip().toLowerCase(Locale.ROOT);
        if (s.contains("event_keys")) {
            return "claim: insert into event_keys ... unnest ... on conflict do nothing returning";
        }
        if (s.startsWith("copy events_claimed")) {
            return "claim + COPY phase: copy events_claimed from stdin";
        }
        if (s.startsWith("copy events_raw")) {
            return "raw: copy events_raw from stdin";
        }
        if (s.startsWith("copy events")) {
            return "writer: copy events from stdin";
        }
        if (s.startsWith("commit")) {
            return "commit";
        }
        if (s.startsWith("begin")) {
            return "begin";
        }
        return "other: " + (s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }

    /**
     * CPU samples (jdk.ExecutionSample) between two instants: per thread group, the writer's listener threads by
     * activity, and the hottest methods (top frame).
     */
    static Map<String, Object> jfr(Path recording, Instant from, Instant to) throws IOException {
        Map<String, Integer> byThread = new TreeMap<>();
        Map<String, Integer> listenerActivity = new TreeMap<>();
        Map<String, Integer> topFrames = new TreeMap<>();
        Map<String, Integer> nativeListener = new TreeMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                boolean execution = type.equals("jdk.ExecutionSample");
                if (!execution && !type.equals("jdk.NativeMethodSample")) {
                    continue;
                }
                if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                List<String> frames = new ArrayList<>();
                if (stack != null) {
                    for (RecordedFrame frame : stack.getFrames()) {
                        if (frame.getMethod() != null) {
                            frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
                        }
                    }
                }
                boolean listener = frames.stream().anyMatch(f -> f.contains("EventStoreListener.onBatch")
                        || f.contains("KafkaMessageListenerContainer$ListenerConsumer"));
                if (!execution) {
                    if (listener) {
                        nativeListener.merge(activity(frames), 1, Integer::sum);
                    }
                    continue;
                }
                samples++;
                RecordedThread thread = event.getThread("sampledThread");
                byThread.merge(threadGroup(thread, listener), 1, Integer::sum);
                if (listener) {
                    listenerActivity.merge(activity(frames), 1, Integer::sum);
                }
                if (!frames.isEmpty()) {
                    topFrames.merge(frames.getFirst(), 1, Integer::sum);
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cpuSamples", samples);
        result.put("cpuSamplesByThread", percentages(byThread, samples, 0));
        int listenerSamples = listenerActivity.values().stream().mapToInt(Integer::intValue).sum();
        result.put("writerListenerCpuSamples", listenerSamples);
        result.put("writerListenerCpuByActivity", percentages(listenerActivity, listenerSamples, 0));
        result.put("writerListenerNativeSamplesByActivity", nativeListener);
        result.put("hotMethodsTopFrame", percentages(topFrames, samples, 25));
        return result;
    }

    private static String threadGroup(RecordedThread thread, boolean listener) {
        if (listener) {
            return "store listener (consumer poll, decode, claim, COPY)";
        }
        String name = thread == null ? "?" : thread.getJavaName() == null ? "?" : thread.getJavaName();
        if (name.startsWith("data-plane-kafka") || name.startsWith("kafka-") || name.contains("Replica")
                || name.startsWith("broker-") || name.startsWith("controller-") || name.startsWith("quorum")
                || name.startsWith("raft") || name.startsWith("ExpirationReaper") || name.startsWith("group-coordinator")
                || name.startsWith("LogDirFailureHandler") || name.startsWith("kafka-log")) {
            return "Kafka broker (embedded in this JVM)";
        }
        if (name.contains("heartbeat") || name.contains("consumer")) {
            return "Kafka consumer client: " + name.replaceAll("[0-9]+", "#");
        }
        if (name.startsWith("GC") || name.contains("G1") || name.startsWith("VM ") || name.contains("Compiler")
                || name.startsWith("JFR")) {
            return "JVM: " + name.replaceAll("[0-9]+", "#");
        }
        return "other: " + name.replaceAll("[0-9]+", "#");
    }

    private static String activity(List<String> frames) {
        String[][] rules = {
                {"org.postgresql.copy", "COPY: send rows to PostgreSQL (CopyManager)"},
                {"EventBatchWriter.claimFree", "claim after a duplicate: INSERT event_keys ... ON CONFLICT"},
                {"EventKey.hash", "claim keys: SHA-256"},
                {"Rfc3339.", "rows: parse time"},
                {"BinaryCopy.", "COPY: build the rows (BinaryCopy)"},
                {"EventCopy.", "COPY: build the rows (EventCopy, extensions JSON)"},
                {"doCommit", "commit"},
                {"PartitionMaintenance", "partitions.ensureFor"},
                {"EventRecords.read", "decode: EventRecords.read (headers)"},
                {"EventBatchWriter.write", "write: dedup map, transaction"},
                {"KafkaConsumer.poll", "Kafka poll (fetch, parse records)"},
                {"Consumer.poll", "Kafka poll (fetch, parse records)"},
                {"EventStoreListener", "listener: other"},
        };
        for (String[] rule : rules) {
            for (String frame : frames) {
                if (frame.contains(rule[0])) {
                    return rule[1];
                }
            }
        }
        return "listener container: other";
    }

    private static Map<String, String> percentages(Map<String, Integer> counts, int total, int limit) {
        Map<String, String> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> -e.getValue()))
                .limit(limit > 0 ? limit : Long.MAX_VALUE)
                .forEach(e -> out.put(e.getKey(), String.format(Locale.ROOT, "%.1f %% (%d)",
                        total == 0 ? 0 : 100.0 * e.getValue() / total, e.getValue())));
        return out;
    }
}
