package org.bss.loadgen.fuzz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The requests whose answers were findings, grouped by family, outcome, status and media type: how many, of which
 * cases, and the first few of each group (by request number) with the request and the answer, escaped, 2 KiB of each.
 * Thread-safe.
 */
final class Findings {

    static final int SAMPLES = 3;

    record Signature(String family, Outcome outcome, int status, String mediaType) {
    }

    /** One request and what it got. */
    record Sample(int index, String name, String note, String request, String answer, long millis) {
    }

    /** One group: its signature, how many, per case, and samples. */
    record Group(Signature signature, long count, Map<String, Long> cases, List<Sample> samples) {
    }

    private final Map<Signature, Collecting> groups = new LinkedHashMap<>();

    private static final class Collecting {
        long count;
        final Map<String, Long> cases = new TreeMap<>();
        final TreeMap<Integer, Sample> samples = new TreeMap<>();
    }

    synchronized void add(int index, FuzzRequest request, Verdict verdict, Exchange.Received received) {
        Collecting group = groups.computeIfAbsent(new Signature(request.family(), verdict.outcome(), verdict.status(), verdict.mediaType()),
                s -> new Collecting());
        group.count++;
        group.cases.merge(request.name(), 1L, Long::sum);
        if (group.samples.size() < SAMPLES || index < group.samples.lastKey()) {
            group.samples.put(index, new Sample(index, request.name(), verdict.note(), Excerpt.of(request.bytes()),
                    Excerpt.of(received.raw()), received.millis()));
            if (group.samples.size() > SAMPLES) {
                group.samples.pollLastEntry();
            }
        }
    }

    /** The groups, the largest first. */
    synchronized List<Group> groups() {
        List<Group> list = new ArrayList<>();
        groups.forEach((signature, group) -> list.add(new Group(signature, group.count, new TreeMap<>(group.cases),
                List.copyOf(group.samples.values()))));
        list.sort(Comparator.comparingLong(Group::count).reversed()
                .thenComparing(g -> g.signature().family()).thenComparing(g -> g.signature().outcome()));
        return list;
    }
}
