package org.bss.platform.stream.internal;

import java.util.Arrays;

/**
 * Where a subscriber is on {@code bss.events}: per partition, the next offset it has not seen. Every event of its
 * tenant before that offset was delivered to it or did not match its filter; so a subscriber that comes back with its
 * position misses nothing and gets nothing twice. Written as the offsets in partition order, separated by dots; a
 * partition the position does not name (one added to the topic later) starts at its first offset.
 */
record StreamPosition(long[] next) {

    private static final int MAX_PARTITIONS = 10_000;

    StreamPosition {
        next = next.clone();
    }

    /** Reads a position as {@link #toString()} writes it; throws {@link IllegalArgumentException} when it is none. */
    static StreamPosition parse(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_PARTITIONS * 20) {
            throw new IllegalArgumentException("not a stream position");
        }
        String[] parts = text.strip().split("\\.", -1);
        long[] next = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not a stream position");
            }
            try {
                next[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) { // more than 63 bits
                throw new IllegalArgumentException("not a stream position");
            }
        }
        return new StreamPosition(next);
    }

    /** The next offset of this partition. */
    long at(int partition) {
        return partition < next.length ? next[partition] : 0;
    }

    int partitions() {
        return next.length;
    }

    /** This position once the event at {@code offset} of {@code partition} was seen. */
    StreamPosition after(int partition, long offset) {
        long[] moved = Arrays.copyOf(next, Math.max(next.length, partition + 1));
        moved[partition] = Math.max(moved[partition], offset + 1);
        return new StreamPosition(moved);
    }

    /** Partition by partition, the further of the two. */
    StreamPosition max(StreamPosition other) {
        long[] merged = Arrays.copyOf(next, Math.max(next.length, other.next.length));
        for (int p = 0; p < other.next.length; p++) {
            merged[p] = Math.max(merged[p], other.next[p]);
        }
        return new StreamPosition(merged);
    }

    /** Whether this position is at or past {@code other} on every partition. */
    boolean reached(StreamPosition other) {
        for (int p = 0; p < other.next.length; p++) {
            if (at(p) < other.next[p]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamPosition other && Arrays.equals(next, other.next);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(next);
    }

    @Override
    public String toString() {
        return write(next, -1, 0);
    }

    /** {@code next} with {@code partition} moved to {@code offset + 1}, written; no copy of the array is made. */
    static String write(long[] next, int partition, long offset) {
        StringBuilder text = new StringBuilder(next.length * 8);
        for (int p = 0; p < next.length; p++) {
            if (p > 0) {
                text.append('.');
            }
            text.append(p == partition ? Math.max(next[p], offset + 1) : next[p]);
        }
        return text.toString();
    }
}
