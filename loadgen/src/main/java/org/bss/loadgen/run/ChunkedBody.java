package org.bss.loadgen.run;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Decodes a chunked body (RFC 9112 section 7.1) out of the bytes received so far; trailers are read and dropped. */
public final class ChunkedBody {

    /** What the bytes from the body's start hold. */
    public sealed interface Decoded {
    }

    /** The whole body, and the offset just past its last trailer line. */
    public record Complete(byte[] body, int end) implements Decoded {
    }

    /** The body goes on past the bytes received. */
    public record NeedMore() implements Decoded {
    }

    /** A chunk size line that is not a hexadecimal size. */
    public record Malformed(String sizeLine) implements Decoded {
    }

    private static final NeedMore NEED_MORE = new NeedMore();

    private ChunkedBody() {
    }

    /** The body that starts at {@code from} in {@code bytes[from, to)}. */
    public static Decoded decode(byte[] bytes, int from, int to) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int position = from;
        while (true) {
            int lineEnd = crlf(bytes, position, to);
            if (lineEnd < 0) {
                return NEED_MORE;
            }
            String sizeLine = new String(bytes, position, lineEnd - position, StandardCharsets.ISO_8859_1);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                return new Malformed(sizeLine);
            }
            if (size < 0 || size > Integer.MAX_VALUE - 2) {
                return new Malformed(sizeLine);
            }
            position = lineEnd + 2;
            if (size == 0) {
                while (true) {
                    int trailerEnd = crlf(bytes, position, to);
                    if (trailerEnd < 0) {
                        return NEED_MORE;
                    }
                    boolean empty = trailerEnd == position;
                    position = trailerEnd + 2;
                    if (empty) {
                        return new Complete(body.toByteArray(), position);
                    }
                }
            }
            if (to - position < size + 2) {
                return NEED_MORE;
            }
            body.write(bytes, position, (int) size);
            position += (int) size + 2;
        }
    }

    private static int crlf(byte[] bytes, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
