package org.bss.bench.chaos.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Whether a soak leaked: the samples after the warm-up judged by {@link SoakRules}, one {@link Check} a resource, each
 * with the figures it was decided on. Pure: the same samples give the same verdict.
 */
final class SoakJudgement {

    static final double MB = 1024 * 1024;
    /** A sample due at the end of the warm-up may be taken a little before it. */
    private static final double EARLY_SECONDS = 1;
    private static final int MIN_SAMPLES = 3;

    private SoakJudgement() {
    }

    /** One rule's outcome: its subject, pass or fail, and what was measured. */
    record Check(String subject, boolean pass, String figures) {
    }

    /** Every check, and the window they were decided over. */
    record Verdict(List<Check> checks, int windowSamples, double fromSeconds, double toSeconds) {

        boolean pass() {
            return checks.stream().allMatch(Check::pass);
        }

        long failed() {
            return checks.stream().filter(c -> !c.pass()).count();
        }
    }

    static Verdict judge(List<SoakSample> samples, SoakRules rules) {
        List<SoakSample> window = window(samples, rules);
        List<Check> checks = new ArrayList<>();
        checks.add(heap(window, rules));
        checks.add(rss(window, rules));
        checks.add(spread("Threads", window, SoakSample::threads, rules));
        checks.add(spread("Open file descriptors", window, SoakSample::openFds, rules));
        checks.add(spread("TCP sockets", window, SoakSample::tcpSockets, rules));
        checks.add(spread("PostgreSQL connections", window, SoakSample::pgConnections, rules));
        checks.addAll(lag(window, samples, rules));
        checks.add(bytesPerEvent(samples, rules));
        return new Verdict(checks, window.size(), window.isEmpty() ? Double.NaN : window.getFirst().elapsedSeconds(),
                window.isEmpty() ? Double.NaN : window.getLast().elapsedSeconds());
    }

    /** The samples under load from the end of the warm-up on. */
    static List<SoakSample> window(List<SoakSample> samples, SoakRules rules) {
        return samples.stream().filter(SoakSample::underLoad)
                .filter(s -> s.elapsedSeconds() >= rules.warmupSeconds() - EARLY_SECONDS).toList();
    }

    static Check heap(List<SoakSample> window, SoakRules rules) {
        List<SoakSample> known = known(window, SoakSample::heapAfterGcBytes);
        if (known.size() < MIN_SAMPLES) {
            return tooFew("Heap after GC", known.size());
        }
        double slope = slope(known, SoakSample::heapAfterGcBytes) / MB;
        double first = known.getFirst().heapAfterGcBytes() / MB;
        double last = known.getLast().heapAfterGcBytes() / MB;
        boolean pass = slope < rules.heapSlopeMbPerMinute() && last - first <= rules.heapRiseMb();
        return new Check("Heap after GC", pass, f("slope %+.2f MB/min (limit %.2f); %,.0f MB at %s, %,.0f MB at %s: %+,.0f MB (limit +%.0f)",
                slope, rules.heapSlopeMbPerMinute(), first, clock(known.getFirst()), last, clock(known.getLast()),
                last - first, rules.heapRiseMb()));
    }

    /**
     * Resident memory judged on its trend over the later half of the window: off-heap caches with a bound (RocksDB's
     * block cache and write buffers, the JIT's code cache, metaspace) fill at a falling rate early on and then stop,
     * where a leak keeps its pace to the end.
     */
    static Check rss(List<SoakSample> window, SoakRules rules) {
        List<SoakSample> known = known(window, SoakSample::rssBytes);
        if (known.size() < 2 * MIN_SAMPLES) {
            return tooFew("Resident memory (RSS)", known.size());
        }
        List<SoakSample> later = known.subList(known.size() / 2, known.size());
        double slope = slope(later, SoakSample::rssBytes) / MB;
        return new Check("Resident memory (RSS)", slope < rules.rssSlopeMbPerMinute(),
                f("slope %+.2f MB/min from %s on (limit %.2f; %+.2f over the whole window); %,.0f MB at %s, %,.0f MB at %s,"
                                + " %,.0f MB at %s", slope, clock(later.getFirst()), rules.rssSlopeMbPerMinute(),
                        slope(known, SoakSample::rssBytes) / MB, known.getFirst().rssBytes() / MB, clock(known.getFirst()),
                        later.getFirst().rssBytes() / MB, clock(later.getFirst()), known.getLast().rssBytes() / MB,
                        clock(known.getLast())));
    }

    /**
     * A count that must not pile up: at no sample more than a share of the window's first value (or a few) above it. A
     * count may fall (idle connections closed by a client or a pool); a leak only rises.
     */
    static Check spread(String subject, List<SoakSample> window, ToLongFunction<SoakSample> value, SoakRules rules) {
        List<SoakSample> known = known(window, value);
        if (known.size() < MIN_SAMPLES) {
            return tooFew(subject, known.size());
        }
        long first = value.applyAsLong(known.getFirst());
        long min = known.stream().mapToLong(value).min().orElseThrow();
        long max = known.stream().mapToLong(value).max().orElseThrow();
        double allowed = Math.max(rules.spreadShare() * first, rules.spreadAbsolute());
        return new Check(subject, max - first <= allowed, f("%,d at %s, min %,d, max %,d: rise %,d (allowed %,.1f); slope %+.2f/min",
                first, clock(known.getFirst()), min, max, max - first, allowed, slope(known, value)));
    }

    /** Each consumer group: no lasting rise under load, and caught up at the end. */
    static List<Check> lag(List<SoakSample> window, List<SoakSample> samples, SoakRules rules) {
        TreeSet<String> groups = new TreeSet<>();
        window.forEach(s -> groups.addAll(s.lagByGroup().keySet()));
        if (groups.isEmpty()) {
            return List.of(new Check("Kafka lag", false, "no consumer group was read in the window"));
        }
        SoakSample end = samples.stream().filter(s -> !s.lagByGroup().isEmpty()).reduce((a, b) -> b).orElseThrow();
        List<Check> checks = new ArrayList<>();
        for (String group : groups) {
            ToLongFunction<SoakSample> lag = s -> s.lagByGroup().getOrDefault(group, -1L);
            List<SoakSample> known = known(window, lag);
            String subject = "Kafka lag: " + group;
            long atEnd = lag.applyAsLong(end);
            if (known.size() < MIN_SAMPLES) {
                checks.add(tooFew(subject, known.size()));
                continue;
            }
            double slope = slope(known, lag);
            long max = known.stream().mapToLong(lag).max().orElseThrow();
            boolean pass = slope <= rules.lagSlopePerMinute() && atEnd >= 0 && atEnd <= rules.lagNearZero();
            checks.add(new Check(subject, pass, f("slope %+,.0f records/min (limit %,.0f); max %,d under load; %s at %s%s (limit %,d)",
                    slope, rules.lagSlopePerMinute(), max, atEnd < 0 ? "not read" : f("%,d", atEnd), clock(end),
                    end.underLoad() ? " (still under load)" : " (after the load)", rules.lagNearZero())));
        }
        return checks;
    }

    /** Bytes per stored event at the end against those at the reference time. */
    static Check bytesPerEvent(List<SoakSample> samples, SoakRules rules) {
        String subject = "PostgreSQL bytes per stored event";
        List<SoakSample> known = samples.stream().filter(s -> s.pgTotalBytes() >= 0 && s.eventsStored() >= 0).toList();
        if (known.size() < 2) {
            return tooFew(subject, known.size());
        }
        SoakSample first = known.getFirst();
        SoakSample reference = known.stream().filter(s -> s != first)
                .min(Comparator.comparingDouble(s -> Math.abs(s.elapsedSeconds() - rules.referenceSeconds()))).orElseThrow();
        SoakSample last = known.getLast();
        double atReference = bytesPerEvent(first, reference);
        double atEnd = bytesPerEvent(first, last);
        if (Double.isNaN(atReference) || Double.isNaN(atEnd)) {
            return new Check(subject, false, f("no events stored between %s and %s", clock(first), clock(reference)));
        }
        double drift = atEnd / atReference - 1;
        return new Check(subject, Math.abs(drift) <= rules.bytesPerEventDrift(),
                f("%,.0f B/event at %s (%,d events, %,.0f MB), %,.0f B/event at %s (%,d events, %,.0f MB): %+.1f %% (limit ±%.0f %%)",
                        atReference, clock(reference), reference.eventsStored() - first.eventsStored(), reference.pgTotalBytes() / MB,
                        atEnd, clock(last), last.eventsStored() - first.eventsStored(), last.pgTotalBytes() / MB, drift * 100,
                        rules.bytesPerEventDrift() * 100));
    }

    /** PostgreSQL bytes grown since the first sample over the events stored since; NaN before any. */
    static double bytesPerEvent(SoakSample first, SoakSample sample) {
        long events = sample.eventsStored() - first.eventsStored();
        return events <= 0 ? Double.NaN : (double) (sample.pgTotalBytes() - first.pgTotalBytes()) / events;
    }

    /** The least-squares slope of a figure against the samples' minutes. */
    static double slope(List<SoakSample> samples, ToLongFunction<SoakSample> value) {
        double[] x = samples.stream().mapToDouble(SoakSample::minutes).toArray();
        double[] y = samples.stream().mapToDouble(s -> value.applyAsLong(s)).toArray();
        return slope(x, y);
    }

    /** The least-squares slope of y against x; NaN for fewer than two distinct x. */
    static double slope(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i] / n;
            meanY += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - meanX) * (y[i] - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    private static List<SoakSample> known(List<SoakSample> samples, ToLongFunction<SoakSample> value) {
        return samples.stream().filter(s -> value.applyAsLong(s) >= 0).toList();
    }

    private static Check tooFew(String subject, int samples) {
        return new Check(subject, false, f("%d samples in the window, at least %d needed", samples, MIN_SAMPLES));
    }

    private static String clock(SoakSample sample) {
        return SoakRules.clock(sample.elapsedSeconds());
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
