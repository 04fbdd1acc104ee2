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
 * close each connection at once (a server that is down), or to pass everything through to the real server.
 */
final class TcpGate implements AutoCloseable {

    enum Mode { SILENT, CLOSE, FORWARD }

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private volatile Mode mode;

    TcpGate(Mode mode, String targetHost, int targetPort) {
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

    int port() {
        return server.getLocalPort();
    }

    /** From now on, new connections get this; connections held silent so far are closed. */
    void mode(Mode next) {
        mode = next;
        if (next != Mode.SILENT) {
            held.forEach(TcpGate::closeQuietly);
            held.clear();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                switch (mode) {
                    case SILENT -> held.add(client);
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
            held.add(client);
            held.add(target);
            Thread.ofVirtual().start(() -> pipe(client, target));
            Thread.ofVirtual().start(() -> pipe(target, client));
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed: close the other too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
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
        held.forEach(TcpGate::closeQuietly);
    }
}
