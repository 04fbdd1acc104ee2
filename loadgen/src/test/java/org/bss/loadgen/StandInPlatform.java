package org.bss.loadgen;

import static org.bss.loadgen.JsonAnswer.answer;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on loopback standing in for the platform, with the admin API a run calls before its load:
 * tenants and their quotas made, each tenant's key {@code key-<tenant>}. A test adds the endpoints it is about, then
 * starts it.
 */
public final class StandInPlatform {

    private StandInPlatform() {
    }

    public static HttpServer withAdmin() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/admin/tenants", exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            if (path.endsWith("/keys")) {
                answer(exchange, 201, "{\"secret\":\"key-" + path.split("/")[5] + "\"}");
            } else {
                answer(exchange, path.endsWith("/quota") ? 200 : 201, "{}");
            }
        });
        return server;
    }
}
