package org.bss.loadgen.stream;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bss.loadgen.platform.Credential;
import org.bss.loadgen.run.Http1Answer;

/**
 * One attempt at a subscription: a non-blocking connection of the subscribers' event loop that sends
 * {@code GET /api/v1/stream} and reads the answer's head, then its body's Server-Sent Events for as long as it
 * lasts. Every way it can end (refused, closed, broken framing) is an {@link IOException} from {@link #ready}.
 */
final class SseConnection implements SseParser.Listener {

    /** What the stream says, handed on. */
    interface Handler {

        /** The server wrote ":ok": every event accepted from now on will be delivered. */
        void live();

        /** An event read at {@code readNanos} of {@link System#nanoTime()}. */
        void event(String type, String lastEventId, byte[] data, int length, long readNanos);
    }

    /** The server answered something other than a stream. */
    static final class Refused extends IOException {

        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    /** What of a refusal's body is kept for the message. */
    private static final int REFUSAL_LIMIT = 64 * 1024;

    private enum Phase { CONNECTING, WRITING, HEAD, REFUSAL, STREAM }

    private final SocketChannel channel;
    private final SelectionKey key;
    private final ByteBuffer request;
    private final Handler handler;
    private Phase phase;
    /** The head, or a whole refusal, as it arrives. */
    private byte[] head = new byte[1024];
    private int headLength;
    private HttpBody body;
    private SseParser events;
    private long readNanos;

    private SseConnection(SocketChannel channel, SelectionKey key, byte[] request, Handler handler) {
        this.channel = channel;
        this.key = key;
        this.request = ByteBuffer.wrap(request);
        this.handler = handler;
    }

    /** Starts connecting without waiting; the selector reports each next step to {@link #ready}. */
    static SseConnection open(InetSocketAddress address, Selector selector, byte[] request, Handler handler)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, 0);
            SseConnection connection = new SseConnection(channel, key, request, handler);
            key.attach(connection);
            if (channel.connect(address)) {
                connection.write();
            } else {
                connection.phase = Phase.CONNECTING;
                key.interestOps(SelectionKey.OP_CONNECT);
            }
            return connection;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The request: the path with its query, the tenant's credential header (its key, or its current bearer token), and
     * where to resume from if anywhere.
     */
    static byte[] request(String pathAndQuery, String hostHeader, Credential.Header credential, String lastEventId) {
        return ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n" + credential.line()
                + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n"
                + (lastEventId == null || lastEventId.isEmpty() ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
                + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    Handler handler() {
        return handler;
    }

    /** What the selector reported; {@code buffer} is the loop's, shared by every connection. */
    void ready(ByteBuffer buffer, long nowNanos) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.isConnectable()) {
            if (channel.finishConnect()) {
                write();
            }
        } else if (key.isWritable()) {
            write();
        } else if (key.isReadable()) {
            read(buffer, nowNanos);
        }
    }

    private void write() throws IOException {
        channel.write(request);
        if (request.hasRemaining()) {
            phase = Phase.WRITING;
            key.interestOps(SelectionKey.OP_WRITE);
        } else {
            phase = Phase.HEAD;
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read(ByteBuffer buffer, long nowNanos) throws IOException {
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
            ended();
            return;
        }
        readNanos = nowNanos;
        byte[] bytes = buffer.array();
        int from = buffer.arrayOffset();
        switch (phase) {
            case HEAD -> head(bytes, from, from + n);
            case REFUSAL -> refusal(bytes, from, from + n);
            case STREAM -> stream(bytes, from, from + n);
            default -> throw new IllegalStateException(phase.name());
        }
    }

    private void head(byte[] bytes, int from, int to) throws IOException {
        int searchFrom = Math.max(0, headLength - 3);
        keep(bytes, from, to);
        int end = indexOf(head, searchFrom, headLength, HEAD_END);
        if (end < 0) {
            if (headLength > REFUSAL_LIMIT) {
                throw new IOException("an answer head longer than " + REFUSAL_LIMIT + " bytes");
            }
            return;
        }
        String[] lines = new String(head, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        List<String> headers = Arrays.asList(lines).subList(1, lines.length);
        Http1Answer.Head answer = Http1Answer.head(lines[0], headers);
        String contentType = header(headers, "content-type");
        if (answer.status() != 200) {
            phase = Phase.REFUSAL;
            refusal(head, 0, 0);
            return;
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            throw new Refused(200, "answered 200 with " + (contentType == null ? "no Content-Type" : contentType)
                    + ", not text/event-stream");
        }
        phase = Phase.STREAM;
        body = HttpBody.of(answer.chunked(), answer.contentLength());
        events = new SseParser(this);
        int bodyStart = end + HEAD_END.length;
        byte[] rest = Arrays.copyOfRange(head, bodyStart, headLength);
        head = null;
        stream(rest, 0, rest.length);
    }

    /** Keeps reading a refusal until its body is complete, then ends with it. */
    private void refusal(byte[] bytes, int from, int to) throws IOException {
        if (bytes != head) {
            keep(bytes, from, Math.min(to, from + Math.max(0, REFUSAL_LIMIT - headLength)));
        }
        Http1Answer.Parsed answer;
        try {
            answer = Http1Answer.parse(head, headLength);
        } catch (IOException unframed) {
            answer = null; // no Content-Length: the body runs to the close
        }
        if (answer != null || headLength >= REFUSAL_LIMIT) {
            throw refused(answer == null ? null : answer.body());
        }
    }

    private Refused refused(byte[] bodyOrNull) {
        int end = indexOf(head, 0, headLength, HEAD_END);
        String statusLine = new String(head, 0, indexOf(head, 0, headLength, new byte[] {'\r', '\n'}), StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String body = bodyOrNull != null ? new String(bodyOrNull, StandardCharsets.UTF_8)
                : new String(head, end + HEAD_END.length, headLength - end - HEAD_END.length, StandardCharsets.UTF_8);
        body = body.strip();
        if (body.length() > 300) {
            body = body.substring(0, 300) + "...";
        }
        return new Refused(status, "answered " + status + (body.isEmpty() ? "" : ": " + body));
    }

    private void stream(byte[] bytes, int from, int to) throws IOException {
        if (body.feed(bytes, from, to, events)) {
            throw new EOFException("the server ended the stream");
        }
    }

    /** The server closed the connection. */
    private void ended() throws IOException {
        if (phase == Phase.REFUSAL) {
            throw refused(null);
        }
        throw new EOFException(phase == Phase.STREAM ? "the server closed the stream" : "the server closed the connection");
    }

    private void keep(byte[] bytes, int from, int to) {
        int n = to - from;
        if (headLength + n > head.length) {
            head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + n));
        }
        System.arraycopy(bytes, from, head, headLength, n);
        headLength += n;
    }

    @Override
    public void comment(byte[] line, int from, int to) {
        if (to - from == OK.length && line[from] == OK[0] && line[from + 1] == OK[1]) {
            handler.live();
        }
    }

    @Override
    public void event(String type, String lastEventId, byte[] data, int length) {
        handler.event(type, lastEventId, data, length, readNanos);
    }

    void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a broken connection: nothing to do
        }
    }

    private static String header(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static int indexOf(byte[] buffer, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
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
