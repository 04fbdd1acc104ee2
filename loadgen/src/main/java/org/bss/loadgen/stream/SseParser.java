package org.bss.loadgen.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Server-Sent Events as the WHATWG HTML standard reads them, from bytes arriving in any pieces: lines end with CRLF,
 * LF or CR; a line starting with ':' is a comment; {@code event}, {@code data} (lines joined with LF) and {@code id}
 * fields; an empty line dispatches the event, when it has data. Works on bytes, so that a frame costs no more than
 * the strings its listener asks for.
 */
final class SseParser implements HttpBody.Sink {

    /** What the stream says. The arrays passed are the parser's own: read them during the call only. */
    interface Listener {

        /** A comment line, without its ':'; e.g. "ok" once a subscription is live, or a heartbeat. */
        void comment(byte[] line, int from, int to) throws IOException;

        /**
         * An event: its type ("message" when it named none), the last event id so far ("" if none) and its data,
         * {@code data[0, length)}, without the final line feed.
         */
        void event(String type, String lastEventId, byte[] data, int length) throws IOException;
    }

    private static final byte[] DATA = ascii("data");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] ID = ascii("id");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Listener listener;
    /** A line begun in an earlier piece. */
    private byte[] line = new byte[256];
    private int lineLength;
    /** The last piece ended with a CR: an LF first in the next one belongs to the same line end. */
    private boolean afterCr;
    private boolean firstLine = true;
    private byte[] data = new byte[1024];
    private int dataLength;
    private String type;
    private String lastEventId = "";

    SseParser(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void accept(byte[] buffer, int from, int to) throws IOException {
        int i = from;
        if (afterCr && i < to) {
            afterCr = false;
            if (buffer[i] == '\n') {
                i++;
            }
        }
        while (i < to) {
            int end = lineEnd(buffer, i, to);
            if (end < 0) {
                append(buffer, i, to);
                return;
            }
            if (lineLength == 0) {
                line(buffer, i, end);
            } else {
                append(buffer, i, end);
                line(line, 0, lineLength);
                lineLength = 0;
            }
            i = end + 1;
            if (buffer[end] == '\r') {
                if (i == to) {
                    afterCr = true;
                } else if (buffer[i] == '\n') {
                    i++;
                }
            }
        }
    }

    private static int lineEnd(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buffer[i];
            if (b == '\n' || b == '\r') {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] buffer, int from, int to) {
        int n = to - from;
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(buffer, from, line, lineLength, n);
        lineLength += n;
    }

    private void line(byte[] buffer, int from, int to) throws IOException {
        if (firstLine) {
            firstLine = false;
            if (startsWith(buffer, from, to, BOM)) {
                from += BOM.length;
            }
        }
        if (from == to) {
            dispatch();
            return;
        }
        if (buffer[from] == ':') {
            listener.comment(buffer, from + 1, to);
            return;
        }
        int colon = from;
        while (colon < to && buffer[colon] != ':') {
            colon++;
        }
        int value = colon;
        if (value < to) {
            value++;
            if (value < to && buffer[value] == ' ') {
                value++;
            }
        }
        if (is(buffer, from, colon, DATA)) {
            appendData(buffer, value, to);
        } else if (is(buffer, from, colon, EVENT)) {
            type = new String(buffer, value, to - value, StandardCharsets.UTF_8);
        } else if (is(buffer, from, colon, ID)) {
            if (!contains(buffer, value, to, (byte) 0)) {
                lastEventId = new String(buffer, value, to - value, StandardCharsets.UTF_8);
            }
        }
        // retry and unknown fields are ignored
    }

    private void appendData(byte[] buffer, int from, int to) {
        int n = to - from;
        if (dataLength + n + 1 > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + n + 1));
        }
        System.arraycopy(buffer, from, data, dataLength, n);
        dataLength += n;
        data[dataLength++] = '\n';
    }

    private void dispatch() throws IOException {
        if (dataLength > 0) {
            listener.event(type == null || type.isEmpty() ? "message" : type, lastEventId, data, dataLength - 1);
        }
        dataLength = 0;
        type = null;
    }

    /** The id of the last event with one, as a reconnection's Last-Event-ID sends it. */
    String lastEventId() {
        return lastEventId;
    }

    private static boolean is(byte[] buffer, int from, int to, byte[] name) {
        return to - from == name.length && startsWith(buffer, from, to, name);
    }

    private static boolean startsWith(byte[] buffer, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] buffer, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == b) {
                return true;
            }
        }
        return false;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
