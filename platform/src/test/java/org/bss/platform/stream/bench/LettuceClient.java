package org.bss.platform.stream.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A Lettuce client with thread pools of its own, their threads' names starting with {@code threadPrefix} (then
 * Lettuce's pool name, e.g. {@code -lettuce-nioEventLoop-4-1}), so that their CPU can be told from the other clients'
 * in the same JVM. Channels are strings, messages bytes.
 */
final class LettuceClient implements AutoCloseable {

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final ClientResources resources;
    final RedisClient client;

    /** Its connections tell redis-server their name, {@code threadPrefix}, as CLIENT LIST shows it. */
    LettuceClient(String threadPrefix, String host, int port) {
        resources = DefaultClientResources.builder()
                .threadFactoryProvider(pool -> new DefaultThreadFactory(threadPrefix + "-" + pool, true))
                .build();
        client = RedisClient.create(resources, RedisURI.builder().withHost(host).withPort(port)
                .withClientName(threadPrefix).build());
    }

    /** The channel of a tenant's events. */
    static String channel(String tenant) {
        return "bss.stream." + tenant;
    }

    @Override
    public void close() {
        client.shutdown();
        resources.shutdown().syncUninterruptibly();
    }
}
