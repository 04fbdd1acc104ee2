package org.bss.loadgen.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends one request's bytes over a fresh plain socket as its pace says, then reads every answer until the server
 * closes the connection, an answer says it closes it, or the read timeout passes. A watchdog closes a connection that
 * outlives its deadline, so that a server which neither reads nor answers cannot block a write for ever.
 */
final class Exchange {

    /** Answers beyond this are not read. */
    private static final int MAX_RECEIVED = 1024 * 1024;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fuzz-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private Exchange() {
    }

    /** How reading ended. */
    enum End {
        /** The server closed the connection (after its answers, if any). */
        CLOSED,
        /** The connection was reset. */
        RESET,
        /** Nothing for the read timeout, or the watchdog's deadline passed, and the connection still open. */
        TIMED_OUT,
        /** An answer said the server closes the connection, or enough was read. */
        DONE
    }

    /**
     * What came back: the complete answers (interim 1xx left out), how reading ended, every byte received, and why
     * the bytes after the last complete answer are not one (null when there are none).
     */
    record Received(List<Answers.Answer> answers, End end, byte[] raw, String malformed, long millis) {
    }

    static Received run(FuzzRequest request, InetSocketAddress address, Duration timeout) {
        long started = System.nanoTime();
        AtomicBoolean overdue = new AtomicBoolean();
        try (Socket socket = new Socket()) {
            long deadline = timeout.toMillis() + (request.pace() instanceof FuzzRequest.Pace.Trickle ? SlowClients.TRICKLE_MILLIS * 2 : 0) + 30_000;
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                overdue.set(true);
                closeQuietly(socket);
            }, deadline, TimeUnit.MILLISECONDS);
            try {
                socket.connect(address, 10_000);
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                socket.setTcpNoDelay(true);
                if (write(socket.getOutputStream(), request) && !request.stalls()) {
                    socket.shutdownOutput();
                }
                return read(socket.getInputStream(), overdue, started);
            } finally {
                watchdog.cancel(false);
            }
        } catch (IOException e) {
            // connecting failed, or closing: nothing was received
            return new Received(List.of(), overdue.get() ? End.TIMED_OUT : End.RESET, new byte[0], null, elapsed(started));
        }
    }

    /** Writes the request; false when the server closed or reset the connection before it was all written. */
    private static boolean write(OutputStream out, FuzzRequest request) {
        byte[] bytes = request.bytes();
        try {
            switch (request.pace()) {
                case FuzzRequest.Pace.AtOnce ignored -> writeAll(out, bytes, 0, bytes.length);
                case FuzzRequest.Pace.Trickle trickle -> {
                    int to = Math.min(trickle.to(), bytes.length);
                    writeAll(out, bytes, 0, Math.min(trickle.from(), to));
                    for (int at = trickle.from(); at < to; at += trickle.step()) {
                        if (at > trickle.from()) {
                            Thread.sleep(trickle.pauseMillis());
                        }
                        writeAll(out, bytes, at, Math.min(to, at + trickle.step()));
                    }
                    if (!trickle.stall()) {
                        writeAll(out, bytes, to, bytes.length);
                    }
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void writeAll(OutputStream out, byte[] bytes, int from, int to) throws IOException {
        for (int at = from; at < to; at += 64 * 1024) {
            out.write(bytes, at, Math.min(64 * 1024, to - at));
        }
        out.flush();
    }

    private static Received read(InputStream in, AtomicBoolean overdue, long started) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<Answers.Answer> answers = new ArrayList<>();
        byte[] buffer = new byte[16 * 1024];
        int parsed = 0;
        End end;
        String malformed = null;
        reading:
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                end = End.TIMED_OUT;
                break;
            } catch (IOException e) {
                end = overdue.get() ? End.TIMED_OUT : End.RESET;
                break;
            }
            if (n < 0) {
                end = End.CLOSED;
                break;
            }
            received.write(buffer, 0, n);
            byte[] bytes = received.toByteArray();
            while (parsed < bytes.length) {
                Answers.Parse next = Answers.parse(bytes, parsed, bytes.length, false);
                if (next instanceof Answers.Complete complete) {
                    parsed = complete.end();
                    if (complete.answer().status() >= 200) {
                        answers.add(complete.answer());
                        if (complete.answer().close()) {
                            end = End.DONE;
                            break reading;
                        }
                    }
                } else if (next instanceof Answers.Malformed bad) {
                    malformed = bad.reason();
                    parsed = bytes.length;
                } else {
                    break;
                }
            }
            if (received.size() >= MAX_RECEIVED) {
                end = End.DONE;
                break;
            }
        }
        byte[] bytes = received.toByteArray();
        if (malformed == null && parsed < bytes.length) {
            Answers.Parse last = Answers.parse(bytes, parsed, bytes.length, end != End.DONE);
            switch (last) {
                case Answers.Complete complete -> {
                    if (complete.answer().status() >= 200) {
                        answers.add(complete.answer());
                    }
                }
                case Answers.Malformed bad -> malformed = bad.reason();
                case Answers.NeedMore ignored -> malformed = end == End.DONE ? null : "an answer that ends early";
            }
        }
        return new Received(List.copyOf(answers), end, bytes, malformed, elapsed(started));
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
