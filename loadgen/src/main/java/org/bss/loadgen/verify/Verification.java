package org.bss.loadgen.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what the platform accepted with what it stored. Every accepted event must be stored exactly once;
 * stored events that were never acknowledged (a request that timed out on the client but reached Kafka) are
 * counted but are not loss.
 */
public final class Verification {

    private static final int SAMPLES = 10;

    private final Map<EventRef, int[]> counts = new HashMap<>();
    private long acceptedLines;
    private long storedRows;
    private long unexpected;
    private long storedDistinct;

    public void accepted(EventRef event) {
        acceptedLines++;
        counts.putIfAbsent(event, new int[1]);
    }

    /** A stored row seen in the store; call once per row, after all accepted events were given. */
    public void stored(EventRef event) {
        storedRows++;
        int[] count = counts.get(event);
        if (count == null) {
            unexpected++;
        } else {
            if (count[0]++ == 0) {
                storedDistinct++;
            }
        }
    }

    /** Accepted events not seen in the store so far. */
    public long missingSoFar() {
        return counts.size() - storedDistinct;
    }

    public Result result() {
        long missing = 0;
        long duplicated = 0;
        long storedOnce = 0;
        List<EventRef> missingSamples = new ArrayList<>();
        List<EventRef> duplicatedSamples = new ArrayList<>();
        for (Map.Entry<EventRef, int[]> entry : counts.entrySet()) {
            int n = entry.getValue()[0];
            if (n == 0) {
                missing++;
                if (missingSamples.size() < SAMPLES) {
                    missingSamples.add(entry.getKey());
                }
            } else {
                storedOnce++;
                if (n > 1) {
                    duplicated += n - 1;
                    if (duplicatedSamples.size() < SAMPLES) {
                        duplicatedSamples.add(entry.getKey());
                    }
                }
            }
        }
        return new Result(counts.size(), storedOnce, missing, duplicated, unexpected, storedRows,
                acceptedLines - counts.size(), missingSamples, duplicatedSamples);
    }

    /**
     * @param accepted      distinct events the platform accepted
     * @param stored        accepted events found in the store (each counted once)
     * @param missing       accepted events not in the store
     * @param duplicated    extra copies of accepted events in the store
     * @param unacknowledged stored events of the run that the client never saw accepted
     * @param storedRows    rows read from the store
     * @param repeatedAccepts accepted-log lines naming an event already accepted
     */
    public record Result(long accepted, long stored, long missing, long duplicated, long unacknowledged, long storedRows,
            long repeatedAccepts, List<EventRef> missingSamples, List<EventRef> duplicatedSamples) {

        public long lost() {
            return missing + duplicated;
        }

        public boolean exactlyOnce() {
            return lost() == 0;
        }

        public String line() {
            return "accepted %,d  stored %,d  missing %,d  duplicated %,d  (stored but never acknowledged %,d)"
                    .formatted(accepted, stored, missing, duplicated, unacknowledged);
        }

        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("accepted", accepted);
            map.put("stored", stored);
            map.put("missing", missing);
            map.put("duplicated", duplicated);
            map.put("storedButNeverAcknowledged", unacknowledged);
            map.put("exactlyOnce", exactlyOnce());
            if (!missingSamples.isEmpty()) {
                map.put("missingSamples", missingSamples.stream().map(EventRef::toString).toList());
            }
            if (!duplicatedSamples.isEmpty()) {
                map.put("duplicatedSamples", duplicatedSamples.stream().map(EventRef::toString).toList());
            }
            return map;
        }
    }
}
