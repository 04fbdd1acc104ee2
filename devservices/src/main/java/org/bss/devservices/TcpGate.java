package org.bss.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP port in front of a server, to put a network fault between a client and it: connections accepted and never
 * answered (a hung server), closed at once (a server that is down), passed through, or frozen (a partition while
 * clients are connected); and, while passing, a latency added to every chunk and a share of chunks held back as long
 * as a TCP retransmission takes (packet loss as a TCP client sees it: the bytes arrive, late, in order).
 */
public final class TcpGate implements AutoCloseable {

    public enum Mode {
        /** New connections are accepted and never answered. */
        SILENT,
        /** New connections are closed at once, and so is every connection open now. */
        CLOSE,
        /** Bytes pass both ways, on new connections and on frozen ones again. */
        FORWARD,
        /** Connections passed through stay open and pass nothing; new connections are held silent. */
        FREEZE
    }

    private static final int BUFFER = 16 * 1024;
    /** Chunks a direction holds before its reader stops reading, so that a frozen or slow link pushes back. */
    private static final int QUEUED_CHUNKS = 512;

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> silent = new CopyOnWriteArrayList<>();
    private final List<Socket> forwarded = new CopyOnWriteArrayList<>();
    private final Object flow = new Object();
    private volatile Mode mode;
    private volatile long latencyNanos;
    private volatile double lossProbability;
    private volatile long retransmitNanos;

    public TcpGate(Mode mode, String targetHost, int targetPort) {
        this(0, mode, targetHost, targetPort);
    }

    /** A gate on {@code port} of the loopback interface (0: a free one). */
    public TcpGate(int port, Mode mode, String targetHost, int targetPort) {
        this.mode = mode;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("tcp-gate-" + port()).start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * From now on, new connections get this. Connections held silent so far are closed (unless still silent or
     * frozen); connections passed through are closed by CLOSE, stopped by FREEZE and go on with FORWARD.
     */
    public void mode(Mode next) {
        synchronized (flow) {
            mode = next;
            flow.notifyAll();
        }
        if (next == Mode.CLOSE || next == Mode.FORWARD) {
            silent.forEach(TcpGate::closeQuietly);
            silent.clear();
        }
        if (next == Mode.CLOSE) {
            forwarded.forEach(TcpGate::closeQuietly);
            forwarded.clear();
        }
    }

    /** Every chunk passed from now on, either way, arrives this much later; zero for none. */
    public void latency(Duration latency) {
        latencyNanos = latency.toNanos();
    }

    /**
     * From now on each chunk is lost with this probability and arrives {@code retransmit} late, as TCP resends it;
     * the chunks after it wait for it. Zero for none.
     */
    public void loss(double probability, Duration retransmit) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("not a probability: " + probability);
        }
        retransmitNanos = retransmit.toNanos();
        lossProbability = probability;
    }

    /** Forwards everything at once again: no latency, no loss. */
    public void clear() {
        latency(Duration.ZERO);
        loss(0, Duration.ZERO);
        mode(Mode.FORWARD);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                switch (mode) {
                    case SILENT, FREEZE -> silent.add(client);
                    case CLOSE -> closeQuietly(client);
                    case FORWARD -> forward(client);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void forward(Socket client) {
        try {
            Socket target = new Socket(targetHost, targetPort);
            client.setTcpNoDelay(true);
            target.setTcpNoDelay(true);
            forwarded.add(client);
            forwarded.add(target);
            pipe(client, target);
            pipe(target, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** One direction: a reader that stamps each chunk with when it is due, and a writer that sends it then. */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[BUFFER];
            long lastDue = 0;
            try (InputStream in = from.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    long due = System.nanoTime() + latencyNanos;
                    if (lossProbability > 0 && ThreadLocalRandom.current().nextDouble() < lossProbability) {
                        due += retransmitNanos;
                    }
                    lastDue = Math.max(lastDue, due);
                    Chunk chunk = new Chunk(Arrays.copyOf(buffer, read), lastDue);
                    while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                        if (to.isClosed()) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                // this side closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                queue.offer(new Chunk(null, 0));
            }
        });
        Thread.ofVirtual().start(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk.bytes() == null) {
                        return;
                    }
                    awaitFlowing();
                    for (long wait; (wait = chunk.dueNanos() - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (flow) {
            while (mode == Mode.FREEZE) {
                flow.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closed already
        }
        silent.forEach(TcpGate::closeQuietly);
        forwarded.forEach(TcpGate::closeQuietly);
        synchronized (flow) {
            mode = Mode.CLOSE;
            flow.notifyAll();
        }
    }
}
