package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a request's exact bytes over a plain socket, as a client that does not follow HTTP may, and reads the first
 * answer: status, headers (names in lower case) and body, whether framed by Content-Length, chunked or the connection's
 * end.
 */
final class RawHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RawHttp() {
    }

    /** The first answer; {@code status} is 0 when the connection ended without one. */
    record Answer(int status, Map<String, String> headers, String body) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        /** A problem of the given status: the media type, and a body whose members say the same. */
        Answer assertProblem(int expectedStatus) {
            assertThat(status).as(toString()).isEqualTo(expectedStatus);
            assertThat(contentType()).as(toString()).startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.path("status").asInt()).as(toString()).isEqualTo(expectedStatus);
            assertThat(problem.path("type").asString()).as(toString()).startsWith("urn:bss:problem:");
            assertThat(problem.path("title").asString()).as(toString()).isNotBlank();
            assertThat(problem.path("detail").asString()).as(toString()).isNotBlank();
            return this;
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    static Answer exchange(int port, String request) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    /**
     * @param endOfRequest whether to shut the socket's output down after the bytes (a client that has sent all it
     *                     will), or keep it open (a client that stops sending)
     */
    static Answer exchange(int port, byte[] request, boolean endOfRequest) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(90_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (endOfRequest) {
                socket.shutdownOutput();
            }
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            Answer answer = parse(received.toByteArray(), false);
            if (answer != null) {
                return answer;
            }
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException | java.net.SocketException e) {
                n = -1;
            }
            if (n < 0) {
                Answer last = parse(received.toByteArray(), true);
                return last == null ? new Answer(0, Map.of(), new String(received.toByteArray(), StandardCharsets.UTF_8)) : last;
            }
            received.write(buffer, 0, n);
        }
    }

    /** The first complete answer in the bytes, or null when more are needed. */
    private static Answer parse(byte[] bytes, boolean ended) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return null;
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int bodyStart = headEnd + 4;
        if (status >= 100 && status < 200) {
            return parse(java.util.Arrays.copyOfRange(bytes, bodyStart, bytes.length), ended);
        }
        if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            if (bytes.length - bodyStart < length) {
                return null;
            }
            return new Answer(status, headers, new String(bytes, bodyStart, length, StandardCharsets.UTF_8));
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int at = bodyStart;
            while (true) {
                int lineEnd = text.indexOf("\r\n", at);
                if (lineEnd < 0) {
                    return null;
                }
                int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
                if (size == 0) {
                    return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
                }
                if (bytes.length < lineEnd + 2 + size + 2) {
                    return null;
                }
                body.write(bytes, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
        }
        return ended ? new Answer(status, headers, new String(bytes, bodyStart, bytes.length - bodyStart, StandardCharsets.UTF_8)) : null;
    }
}
