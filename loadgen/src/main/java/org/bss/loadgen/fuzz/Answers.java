package org.bss.loadgen.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bss.loadgen.run.ChunkedBody;

/**
 * Reads HTTP/1.x answers leniently out of the bytes a connection received: whatever the server sent, it says what
 * the answer is, that more bytes are needed, or why the bytes are not an answer.
 */
final class Answers {

    private static final byte[] CRLF_CRLF = Bytes.ascii("\r\n\r\n");
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");

    private Answers() {
    }

    /** One answer: its status, head lines, media type (lower case, without parameters; "" when none), body. */
    record Answer(int status, String statusLine, List<String> headers, String mediaType, byte[] body, boolean close) {

        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String header : headers) {
                if (header.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return header.substring(prefix.length()).strip();
                }
            }
            return null;
        }
    }

    /** What the bytes from an offset hold. */
    sealed interface Parse {
    }

    record Complete(Answer answer, int end) implements Parse {
    }

    record NeedMore() implements Parse {
    }

    record Malformed(String reason) implements Parse {
    }

    /**
     * The answer starting at {@code from} in {@code bytes[from, to)}. {@code eof}: no more bytes will come, so an
     * answer without a length ends here and an incomplete one is malformed.
     */
    static Parse parse(byte[] bytes, int from, int to, boolean eof) {
        int headEnd = Bytes.indexOf(bytes, CRLF_CRLF, from, to);
        if (headEnd < 0) {
            return eof ? new Malformed(to > from ? "an answer without a complete head" : "nothing") : new NeedMore();
        }
        String[] lines = new String(bytes, from, headEnd - from, StandardCharsets.ISO_8859_1).split("\r\n", -1);
        Matcher status = STATUS_LINE.matcher(lines[0]);
        if (!status.matches()) {
            return new Malformed("not an HTTP/1.x status line: " + abbreviate(lines[0]));
        }
        int code = Integer.parseInt(status.group(1));
        List<String> headers = List.of(lines).subList(1, lines.length);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        String mediaType = "";
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                return new Malformed("a header line without a colon: " + abbreviate(header));
            }
            String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return new Malformed("a Content-Length that is not a number: " + abbreviate(value));
                    }
                }
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.toLowerCase(Locale.ROOT).contains("close");
                case "content-type" -> {
                    int semicolon = value.indexOf(';');
                    mediaType = (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
                }
                default -> { }
            }
        }
        int bodyStart = headEnd + 4;
        if (code < 200 || code == 204 || code == 304) {
            return new Complete(new Answer(code, lines[0], headers, mediaType, new byte[0], close), bodyStart);
        }
        if (chunked) {
            return chunked(bytes, bodyStart, to, eof, code, lines[0], headers, mediaType, close);
        }
        if (contentLength >= 0) {
            if (to - bodyStart < contentLength) {
                return eof ? new Malformed("an answer shorter than its Content-Length") : new NeedMore();
            }
            int end = bodyStart + (int) contentLength;
            return new Complete(new Answer(code, lines[0], headers, mediaType, Arrays.copyOfRange(bytes, bodyStart, end), close), end);
        }
        if (!eof) {
            return new NeedMore();
        }
        return new Complete(new Answer(code, lines[0], headers, mediaType, Arrays.copyOfRange(bytes, bodyStart, to), true), to);
    }

    private static Parse chunked(byte[] bytes, int at, int to, boolean eof, int code, String statusLine, List<String> headers,
            String mediaType, boolean close) {
        return switch (ChunkedBody.decode(bytes, at, to)) {
            case ChunkedBody.Complete complete ->
                    new Complete(new Answer(code, statusLine, headers, mediaType, complete.body(), close), complete.end());
            case ChunkedBody.NeedMore needMore -> eof ? new Malformed("a chunked answer that ends early") : new NeedMore();
            case ChunkedBody.Malformed malformed ->
                    new Malformed("a chunk size that is not hexadecimal: " + abbreviate(malformed.sizeLine()));
        };
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return Excerpt.escape(shown.getBytes(StandardCharsets.ISO_8859_1), 120);
    }
}
