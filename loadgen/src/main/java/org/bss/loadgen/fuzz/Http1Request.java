package org.bss.loadgen.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 request as raw text: the request line, header lines and the body, joined with CRLF (or any other line
 * end). The head is written as ISO-8859-1, so a char from U+0000 to U+00FF stands for exactly that byte: any byte
 * can be put anywhere.
 */
record Http1Request(String line, List<String> headers, byte[] body) {

    static final String EVENTS = "/api/v1/events";

    Http1Request {
        headers = List.copyOf(headers);
    }

    /** POST /api/v1/events with the fuzz tenant's key, the content type (none when null) and Content-Length. */
    static Http1Request post(FuzzTarget target, String contentType, byte[] body) {
        List<String> headers = new ArrayList<>();
        headers.add("Host: " + target.host());
        headers.add("X-API-Key: " + target.apiKey());
        if (contentType != null) {
            headers.add("Content-Type: " + contentType);
        }
        headers.add("Content-Length: " + body.length);
        return new Http1Request("POST " + EVENTS + " HTTP/1.1", headers, body);
    }

    /** A structured event, {@code application/cloudevents+json}. */
    static Http1Request structured(FuzzTarget target, byte[] body) {
        return post(target, "application/cloudevents+json", body);
    }

    Http1Request withLine(String requestLine) {
        return new Http1Request(requestLine, headers, body);
    }

    /** Adds a header line (any text: {@code "Name: value"}, or something that is not a header at all). */
    Http1Request with(String headerLine) {
        List<String> more = new ArrayList<>(headers);
        more.add(headerLine);
        return new Http1Request(line, more, body);
    }

    Http1Request withAll(List<String> headerLines) {
        List<String> more = new ArrayList<>(headers);
        more.addAll(headerLines);
        return new Http1Request(line, more, body);
    }

    /** Without the headers of that name (in any case). */
    Http1Request without(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return new Http1Request(line, headers.stream().filter(h -> !h.toLowerCase(Locale.ROOT).startsWith(prefix)).toList(), body);
    }

    /** The header of that name replaced, where it stood, by {@code name: value}; added at the end if there was none. */
    Http1Request replace(String name, String value) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        List<String> replaced = new ArrayList<>();
        boolean done = false;
        for (String header : headers) {
            if (header.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                if (!done) {
                    replaced.add(name + ": " + value);
                    done = true;
                }
            } else {
                replaced.add(header);
            }
        }
        if (!done) {
            replaced.add(name + ": " + value);
        }
        return new Http1Request(line, replaced, body);
    }

    /** Another body, with Content-Length set to its length. */
    Http1Request withBody(byte[] newBody) {
        return new Http1Request(line, headers, newBody).replace("Content-Length", Integer.toString(newBody.length));
    }

    /** Another body, the headers as they are (Content-Length may no longer match). */
    Http1Request withRawBody(byte[] newBody) {
        return new Http1Request(line, headers, newBody);
    }

    byte[] bytes() {
        return bytes("\r\n");
    }

    byte[] bytes(String lineEnd) {
        StringBuilder head = new StringBuilder(line).append(lineEnd);
        for (String header : headers) {
            head.append(header).append(lineEnd);
        }
        head.append(lineEnd);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Text whose chars are the UTF-8 bytes of {@code text}: how to put UTF-8 into a head written as ISO-8859-1. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
