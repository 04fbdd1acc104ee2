package org.bss.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port in front of a server that can be made to accept connections and never answer (a hung server), to
 * close each connection at once (a server that is down), to pass everything through to the real server, or to
 * freeze the connections it passes through (a server that hangs while clients are connected).
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

    private static final int BUFFER = 8192;

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> silent = new CopyOnWriteArrayList<>();
    private final List<Socket> forwarded = new CopyOnWriteArrayList<>();
    private final Object flow = new Object();
    private volatile Mode mode;

    public TcpGate(Mode mode, String targetHost, int targetPort) {
        this.mode = mode;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::accept);
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
            forwarded.add(client);
            forwarded.add(target);
            Thread.ofVirtual().start(() -> pipe(client, target));
            Thread.ofVirtual().start(() -> pipe(target, client));
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                awaitFlowing();
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close the other too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
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
