package org.bss.loadgen.fuzz;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counts of a pass, per family: requests sent, what they got, and how many of each case. Thread-safe. */
final class Tally {

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** One family's counts. */
    static final class Family {
        private long sent;
        private long withheld;
        private long millis;
        private long maxMillis;
        private final EnumMap<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        private final Map<String, Long> cases = new TreeMap<>();

        long sent() {
            return sent;
        }

        long withheld() {
            return withheld;
        }

        /** The mean time from connecting to the end of reading, in milliseconds. */
        double meanMillis() {
            return sent == 0 ? 0 : (double) millis / sent;
        }

        long maxMillis() {
            return maxMillis;
        }

        long count(Outcome outcome) {
            return outcomes.getOrDefault(outcome, 0L);
        }

        long findings() {
            return outcomes.entrySet().stream().filter(e -> e.getKey().finding()).mapToLong(Map.Entry::getValue).sum();
        }

        Map<Outcome, Long> outcomes() {
            return new EnumMap<>(outcomes);
        }

        Map<String, Long> cases() {
            return new TreeMap<>(cases);
        }
    }

    Tally(List<String> familyNames) {
        familyNames.forEach(name -> families.put(name, new Family()));
    }

    synchronized void add(String family, String name, Outcome outcome, long millis) {
        Family counts = families.computeIfAbsent(family, f -> new Family());
        counts.sent++;
        counts.millis += millis;
        counts.maxMillis = Math.max(counts.maxMillis, millis);
        counts.outcomes.merge(outcome, 1L, Long::sum);
        counts.cases.merge(name, 1L, Long::sum);
    }

    /** A request {@link Guard} could not rule out as acceptable: not sent. */
    synchronized void withheld(String family) {
        families.computeIfAbsent(family, f -> new Family()).withheld++;
    }

    synchronized Map<String, Family> families() {
        return new LinkedHashMap<>(families);
    }

    synchronized long sent() {
        return families.values().stream().mapToLong(Family::sent).sum();
    }

    synchronized long withheld() {
        return families.values().stream().mapToLong(Family::withheld).sum();
    }

    synchronized long count(Outcome outcome) {
        return families.values().stream().mapToLong(f -> f.count(outcome)).sum();
    }

    synchronized long findings() {
        return families.values().stream().mapToLong(Family::findings).sum();
    }
}
