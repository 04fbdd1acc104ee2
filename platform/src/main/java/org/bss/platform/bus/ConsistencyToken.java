package org.bss.platform.bus;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where accepted events sit on {@code bss.events}: per partition, the offset of the last of them. A reader that
 * has applied every record up to and including those offsets has seen them. Its text form,
 * {@code <partition>-<offset>[.<partition>-<offset>...]}, needs no escaping in a URL or a header.
 */
public record ConsistencyToken(Map<Integer, Long> offsets) {

    public static final ConsistencyToken NONE = new ConsistencyToken(Map.of());

    /** The HTTP header that carries a token in its text form. */
    public static final String HEADER = "BSS-Consistency-Token";

    public ConsistencyToken {
        offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    public static ConsistencyToken of(int partition, long offset) {
        return new ConsistencyToken(Map.of(partition, offset));
    }

    /** This token and {@code other} together: the higher offset of each partition. */
    public ConsistencyToken and(ConsistencyToken other) {
        TreeMap<Integer, Long> merged = new TreeMap<>(offsets);
        other.offsets.forEach((partition, offset) -> merged.merge(partition, offset, Math::max));
        return new ConsistencyToken(merged);
    }

    /**
     * True when a reader whose next offsets to read are {@code next} (partition to the next offset it will read)
     * has passed every position of this token.
     */
    public boolean passedBy(Map<Integer, Long> next) {
        for (Map.Entry<Integer, Long> position : offsets.entrySet()) {
            Long reached = next.get(position.getKey());
            if (reached == null || reached <= position.getValue()) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return offsets.isEmpty();
    }

    /** Parses the text form; throws {@link IllegalArgumentException} naming what is wrong. */
    public static ConsistencyToken parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a consistency token is <partition>-<offset>[.<partition>-<offset>...]");
        }
        TreeMap<Integer, Long> offsets = new TreeMap<>();
        for (String position : text.split("\\.", -1)) {
            int dash = position.indexOf('-');
            try {
                if (dash <= 0) {
                    throw new NumberFormatException();
                }
                int partition = Integer.parseInt(position, 0, dash, 10);
                long offset = Long.parseLong(position, dash + 1, position.length(), 10);
                if (partition < 0 || offset < 0 || offsets.put(partition, offset) != null) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a consistency token: "
                        + "<partition>-<offset>[.<partition>-<offset>...] expected, each partition once");
            }
        }
        return new ConsistencyToken(offsets);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        offsets.forEach((partition, offset) -> {
            if (!text.isEmpty()) {
                text.append('.');
            }
            text.append(partition).append('-').append(offset);
        });
        return text.toString();
    }
}
