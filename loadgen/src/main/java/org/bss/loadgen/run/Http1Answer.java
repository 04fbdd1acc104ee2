package org.bss.loadgen.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Parses one HTTP/1.1 answer from the bytes received so far: {@link #parse} gives null until the answer is complete
 * (headers and a Content-Length or chunked body), then the answer and how many bytes it took.
 */
public final class Http1Answer {

    /** A complete answer: status, body, bytes consumed, whether the server closes the connection after it. */
    public record Parsed(int status, byte[] body, int consumed, boolean close) {
    }

    /** What the status line and headers say: the status, and how the body ends. */
    public record Head(int status, long contentLength, boolean chunked, boolean close) {
    }

    private Http1Answer() {
    }

    /** Reads a status line and header lines (without their CRLF); Content-Length -1 when there is none. */
    public static Head head(String statusLine, Iterable<String> headerLines) throws IOException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        return new Head(status, contentLength, chunked, close);
    }

    public static Parsed parse(byte[] buffer, int length) throws IOException {
        int headersEnd = indexOf(buffer, 0, length, new byte[] {'\r', '\n', '\r', '\n'});
        if (headersEnd < 0) {
            return null;
        }
        String[] lines = new String(buffer, 0, headersEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        Head head = head(lines[0], Arrays.asList(lines).subList(1, lines.length));
        int status = head.status();
        long contentLength = head.contentLength();
        boolean close = head.close();
        boolean chunked = head.chunked();
        int bodyStart = headersEnd + 4;
        if (chunked) {
            return chunked(buffer, length, bodyStart, status, close);
        }
        if (contentLength < 0) {
            throw new IOException("an answer without Content-Length or chunked encoding");
        }
        if (length - bodyStart < contentLength) {
            return null;
        }
        int end = bodyStart + (int) contentLength;
        return new Parsed(status, Arrays.copyOfRange(buffer, bodyStart, end), end, close);
    }

    private static Parsed chunked(byte[] buffer, int length, int at, int status, boolean close) throws IOException {
        return switch (ChunkedBody.decode(buffer, at, length)) {
            case ChunkedBody.Complete complete -> new Parsed(status, complete.body(), complete.end(), close);
            case ChunkedBody.NeedMore needMore -> null;
            case ChunkedBody.Malformed malformed ->
                    throw new IOException("a chunk size that is not hexadecimal: " + malformed.sizeLine());
        };
    }

    private static int indexOf(byte[] buffer, int from, int length, byte[] needle) {
        outer:
        for (int i = from; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
