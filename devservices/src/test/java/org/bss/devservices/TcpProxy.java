package org.bss.devservices;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 from one port to another, as a fault test puts one between clients and a server: each
 * connection accepted is joined to a new one to the target; when either side ends, both are closed.
 */
final class TcpProxy implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    TcpProxy(int port, int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(LOOPBACK, port));
        Thread.ofPlatform().daemon().name("tcp-proxy-" + port).start(this::accept);
    }

    /** How many client connections it has accepted. */
    int accepted() {
        return accepted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                Thread.ofVirtual().start(() -> join(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void join(Socket client) {
        open.add(client);
        try {
            Socket target = new Socket(LOOPBACK, targetPort);
            open.add(target);
            Thread.ofVirtual().start(() -> pump(client, target));
            pump(target, client);
        } catch (IOException e) {
            closeQuietly(client); // the target does not run: the client sees the connection end, as it would
        }
    }

    private void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side has ended
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(this::closeQuietly);
    }
}
