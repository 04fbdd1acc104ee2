package org.bss.loadgen.run;

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

/**
 * One non-blocking keep-alive HTTP/1.1 connection of {@link Driver}'s event loop: at most one request at a time,
 * written without blocking, its answer parsed as the bytes arrive.
 */
final class NioConnection<J> {

    private final InetSocketAddress address;
    private final byte[] hostHeader;
    private final Selector selector;
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer out;
    private byte[] in = new byte[8 * 1024];
    private int received;
    private boolean reused;
    private boolean resent;
    /** The request in progress, null when idle. */
    J job;
    long startedNanos;

    NioConnection(InetSocketAddress address, Selector selector) {
        this.address = address;
        this.selector = selector;
        this.hostHeader = ("Host: " + address.getHostString() + ":" + address.getPort() + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    boolean busy() {
        return job != null;
    }

    /** Starts a request: opens the connection if needed and writes as much as the socket takes now. */
    void start(J job, byte[] head, byte[] body, long nowNanos) throws IOException {
        this.job = job;
        this.startedNanos = nowNanos;
        this.resent = false;
        byte[] length = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        out = ByteBuffer.allocate(head.length + hostHeader.length + length.length + body.length)
                .put(head).put(hostHeader).put(length).put(body).flip();
        send();
    }

    private void send() throws IOException {
        if (channel == null) {
            open();
        }
        received = 0;
        channel.write(out);
        key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void open() throws IOException {
        SocketChannel opened = SocketChannel.open();
        try {
            opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
            opened.connect(address); // blocking: a loopback or LAN connect, once per connection
            opened.configureBlocking(false);
            key = opened.register(selector, 0, this);
        } catch (IOException e) {
            opened.close(); // refused (a server down): no connection is left half-open
            throw e;
        }
        channel = opened;
        reused = false;
    }

    /** What the selector reported for this connection: the answer once it is complete, else null. */
    Http1Answer.Parsed ready(SelectionKey key) throws IOException {
        if (key.isWritable()) {
            writable();
            return null;
        }
        return key.isReadable() ? readable() : null;
    }

    /** The socket can take more of the request. */
    private void writable() throws IOException {
        channel.write(out);
        if (!out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /**
     * Reads what arrived; the answer once it is complete, else null. A keep-alive connection the server had closed
     * while idle is reopened and the request sent again, once: nothing of it reached the server.
     */
    private Http1Answer.Parsed readable() throws IOException {
        if (received == in.length) {
            in = Arrays.copyOf(in, in.length * 2);
        }
        int n = channel.read(ByteBuffer.wrap(in, received, in.length - received));
        if (n < 0) {
            boolean stale = reused && received == 0 && !resent;
            close();
            if (!stale) {
                throw new EOFException("the server closed the connection");
            }
            resent = true;
            out.rewind();
            send();
            return null;
        }
        received += n;
        Http1Answer.Parsed answer = Http1Answer.parse(in, received);
        if (answer != null) {
            job = null;
            reused = true;
            key.interestOps(0);
            if (answer.close()) {
                close();
            }
        }
        return answer;
    }

    /** Drops the request in progress (failed or timed out) and the connection with it. */
    void fail() {
        job = null;
        close();
    }

    void close() {
        if (channel != null) {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // a broken connection: nothing to do
            }
            channel = null;
            key = null;
        }
    }
}
