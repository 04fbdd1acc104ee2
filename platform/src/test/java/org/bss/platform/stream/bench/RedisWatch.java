package org.bss.platform.stream.bench;

import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashMap;
import java.util.Map;

/** Looks at redis-server's clients from a connection of its own: how much output each has queued (CLIENT LIST). */
final class RedisWatch implements AutoCloseable {

    private final LettuceClient lettuce;
    private final StatefulRedisConnection<String, String> connection;

    RedisWatch(String host, int port) {
        lettuce = new LettuceClient("bench-watch", host, port);
        connection = lettuce.client.connect();
    }

    /** The output buffer memory ({@code omem}) of each connected client that has a name, in bytes, by name. */
    Map<String, Long> queuedBytesByClient() {
        Map<String, Long> queued = new HashMap<>();
        for (String line : connection.sync().clientList().split("\n")) {
            String name = null;
            long omem = 0;
            for (String field : line.strip().split(" ")) {
                if (field.startsWith("name=")) {
                    name = field.substring("name=".length());
                } else if (field.startsWith("omem=")) {
                    omem = Long.parseLong(field.substring("omem=".length()));
                }
            }
            if (name != null && !name.isEmpty()) {
                queued.put(name, omem);
            }
        }
        return queued;
    }

    @Override
    public void close() {
        connection.close();
        lettuce.close();
    }
}
