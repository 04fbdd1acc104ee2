package org.bss.platform.stream.bench;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Lettuce pub/sub connection SSUBSCRIBEd to the channels of the tenants this instance has subscribers of. Messages
 * are handled on the connection's event loop thread, as a listener does; a stall blocks that thread, so the reader
 * stops reading its socket as a slow one would.
 */
final class RedisReader implements Reader {

    private final Reception reception;
    private final LettuceClient lettuce;
    private final List<String> channels = new ArrayList<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private volatile boolean closing;
    private StatefulRedisPubSubConnection<String, byte[]> connection;

    RedisReader(int reader, Reception reception, String host, int port, List<String> tenants) {
        this.reception = reception;
        this.lettuce = new LettuceClient(Reader.threads(reader), host, port);
        for (int t = 0; t < tenants.size(); t++) {
            if (reception.subscribedTo(t)) {
                channels.add(LettuceClient.channel(tenants.get(t)));
            }
        }
    }

    @Override
    public void start() {
        lettuce.client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (!closing) {
                    disconnects.incrementAndGet();
                }
            }
        });
        connection = lettuce.client.connectPubSub(LettuceClient.CODEC);
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, byte[] message) {
                reception.pauseIfStalled();
                reception.accept(RecordFrame.decode(message), System.nanoTime());
            }
        });
        connection.sync().ssubscribe(channels.toArray(String[]::new));
    }

    @Override
    public Reception reception() {
        return reception;
    }

    @Override
    public int disconnects() {
        return disconnects.get();
    }

    @Override
    public void close() {
        closing = true;
        if (connection != null) {
            connection.close();
        }
        lettuce.close();
    }
}
