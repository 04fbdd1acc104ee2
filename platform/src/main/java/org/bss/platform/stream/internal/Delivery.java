package org.bss.platform.stream.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One event on its way to the subscribers it matched: its structured CloudEvents JSON (made once, shared by them),
 * and where it was on {@code bss.events}. Its position is {@code base} with its own partition moved past it: the
 * fan-out's positions on every other partition when it was handed over, so everything a subscriber was handed
 * before it is behind that position.
 */
final class Delivery {

    /** Not an event: wakes a writer that waits for one. */
    static final Delivery WAKE_UP = new Delivery("", new byte[0], 0, new long[0], -1, -1);

    final String type;
    final byte[] json;
    final long acceptedAtMillis;
    private final long[] base;
    final int partition;
    final long offset;
    private String position;
    private byte[] sse;

    Delivery(String type, byte[] json, long acceptedAtMillis, long[] base, int partition, long offset) {
        this.type = type;
        this.json = json;
        this.acceptedAtMillis = acceptedAtMillis;
        this.base = base;
        this.partition = partition;
        this.offset = offset;
    }

    /** The position after this event. Made once, by the first subscriber's writer that asks (a benign race). */
    String position() {
        String made = position;
        if (made == null) {
            made = StreamPosition.write(base, partition, offset);
            position = made;
        }
        return made;
    }

    /** The position after this event for a subscriber that started further on some partitions. */
    String position(StreamPosition floor) {
        return floor == null ? position() : new StreamPosition(base).after(partition, offset).max(floor).toString();
    }

    /**
     * Whether the position after this event is at or past {@code floor} on every partition: from here on the floor
     * changes no position and filters out no event, so a subscriber can drop it.
     */
    boolean passed(StreamPosition floor) {
        for (int p = 0; p < floor.partitions(); p++) {
            long next = p == partition ? Math.max(offset + 1, p < base.length ? base[p] : 0) : p < base.length ? base[p] : 0;
            if (next < floor.at(p)) {
                return false;
            }
        }
        return true;
    }

    /** {@code event: <type>} and the data lines of a Server-Sent Event, with its closing blank line. */
    byte[] sseBody() {
        byte[] made = sse;
        if (made == null) {
            made = ServerSentEvents.body(type, json);
            sse = made;
        }
        return made;
    }

    /** Lines of a Server-Sent Event. */
    static final class ServerSentEvents {

        private ServerSentEvents() {
        }

        /**
         * Each line of the JSON becomes a {@code data:} line (a client joins them with line feeds again): JSON keeps
         * line breaks only as white space, so the document it reads back means the same.
         */
        static byte[] body(String type, byte[] json) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + type.length() + 24);
            out.writeBytes(("event: " + oneLine(type) + "\ndata: ").getBytes(StandardCharsets.UTF_8));
            int start = 0;
            for (int i = 0; i < json.length; i++) {
                byte b = json[i];
                if (b == '\n' || b == '\r') {
                    out.write(json, start, i - start);
                    out.writeBytes(NEXT_DATA_LINE);
                    if (b == '\r' && i + 1 < json.length && json[i + 1] == '\n') {
                        i++;
                    }
                    start = i + 1;
                }
            }
            out.write(json, start, json.length - start);
            out.writeBytes(END);
            return out.toByteArray();
        }

        /** An event type or id cannot break its line: a CloudEvents string may hold any character. */
        static String oneLine(String value) {
            return value.indexOf('\n') < 0 && value.indexOf('\r') < 0 ? value
                    : value.replace("\r", "\\r").replace("\n", "\\n");
        }

        private static final byte[] NEXT_DATA_LINE = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    }
}
