package org.bss.platform.projection.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * The read cache's two connections to Redis, commands and the subscription to the cache's channel, opened in the
 * background when first needed (nothing waits for Redis at start-up) and again after a failed attempt when asked.
 * Once open, Lettuce reconnects them by itself and subscribes again; {@code listening} follows the subscription:
 * on when Redis confirms it, off as soon as its connection drops.
 */
final class RedisLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    static final byte[] CHANNEL = "bss:rm:changes".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient client;
    private final Consumer<byte[]> messages;
    private final Consumer<Boolean> listening;
    private final Runnable failed;
    private final Runnable opened;
    private final AtomicReference<StatefulRedisConnection<byte[], byte[]>> commands = new AtomicReference<>();
    private final AtomicReference<StatefulRedisPubSubConnection<byte[], byte[]>> subscription = new AtomicReference<>();
    private final AtomicBoolean opening = new AtomicBoolean();

    /**
     * @param timeout   how long a command may take (Lettuce fails it after that; callers wait no longer either)
     * @param messages  each message on the channel, on Lettuce's thread: must not block
     * @param listening whether the subscription is connected and confirmed
     * @param failed    an attempt to open the connections failed
     * @param opened    both connections are open
     */
    RedisLink(RedisURI uri, Duration timeout, Duration reconnectAtMost, Consumer<byte[]> messages,
            Consumer<Boolean> listening, Runnable failed, Runnable opened) {
        this.uri = uri;
        this.messages = messages;
        this.listening = listening;
        this.failed = failed;
        this.opened = opened;
        // Lettuce's default waits up to 30 s between reconnects: until then this instance's near cache would not serve.
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), reconnectAtMost, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        // Commands fail at once while disconnected rather than queue until Redis is back.
        client.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout)).build());
    }

    /** The commands, or null while the connection is not open (then an attempt to open it starts, unless one runs). */
    RedisAsyncCommands<byte[], byte[]> commands() {
        StatefulRedisConnection<byte[], byte[]> open = commands.get();
        if (open == null || subscription.get() == null) {
            open();
        }
        return open == null ? null : open.async();
    }

    private void open() {
        if (!opening.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> attempt = commands.get() != null ? CompletableFuture.completedFuture(null)
                : client.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture().thenAccept(commands::set);
        attempt.thenCompose(done -> subscription.get() != null ? CompletableFuture.completedFuture(null) : subscribe())
                .whenComplete((done, failure) -> {
                    opening.set(false);
                    if (failure != null) {
                        log.warn("The read cache cannot reach Redis: {}",
                                NestedExceptionUtils.getMostSpecificCause(failure).getMessage());
                        failed.run();
                    } else {
                        log.info("The read cache is shared through Redis at {}:{}", uri.getHost(), uri.getPort());
                        opened.run();
                    }
                });
    }

    private CompletableFuture<Void> subscribe() {
        return client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture().thenCompose(connection -> {
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    messages.accept(message);
                }

                @Override
                public void subscribed(byte[] channel, long count) {
                    listening.accept(true); // also after each reconnect, when Lettuce has subscribed again
                }
            });
            connection.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                    listening.accept(false);
                }
            });
            return connection.async().subscribe(CHANNEL).toCompletableFuture()
                    .whenComplete((done, failure) -> {
                        if (failure == null) {
                            subscription.set(connection);
                        } else {
                            connection.closeAsync();
                        }
                    });
        });
    }

    @Override
    public void close() {
        listening.accept(false);
        StatefulRedisPubSubConnection<byte[], byte[]> listen = subscription.getAndSet(null);
        if (listen != null) {
            listen.close();
        }
        StatefulRedisConnection<byte[], byte[]> open = commands.getAndSet(null);
        if (open != null) {
            open.close();
        }
        client.shutdown();
        resources.shutdown();
    }
}
