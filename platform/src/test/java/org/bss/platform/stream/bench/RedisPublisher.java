package org.bss.platform.stream.bench;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * SPUBLISHes each event to its tenant's channel on a connection of its own, without waiting for the reply: flushed
 * per event ({@code pipeline} 1), or written unflushed and flushed every {@code pipeline} events.
 */
final class RedisPublisher implements Publisher {

    /** The prefix of the names of this publisher's Lettuce threads. */
    static final String THREADS = PublishLoop.THREAD + "-lettuce";

    private final LettuceClient lettuce;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisAsyncCommands<String, byte[]> commands;
    private final String[] channels;
    private final int pipeline;
    private final LongAdder errors = new LongAdder();
    private int unflushed;
    private RedisFuture<Long> last;

    RedisPublisher(String host, int port, List<String> tenants, int pipeline) {
        this.lettuce = new LettuceClient(PublishLoop.THREAD, host, port);
        this.connection = lettuce.client.connect(LettuceClient.CODEC);
        this.commands = connection.async();
        this.channels = tenants.stream().map(LettuceClient::channel).toArray(String[]::new);
        this.pipeline = pipeline;
        if (pipeline > 1) {
            connection.setAutoFlushCommands(false);
        }
    }

    @Override
    public void publish(long seq, int tenant, ProducerRecord<String, byte[]> record) {
        last = commands.spublish(channels[tenant], RecordFrame.encode(record));
        last.whenComplete((receivers, failure) -> {
            if (failure != null) {
                errors.increment();
            }
        });
        if (pipeline > 1 && ++unflushed >= pipeline) {
            connection.flushCommands();
            unflushed = 0;
        }
    }

    @Override
    public void flush() {
        connection.flushCommands();
        unflushed = 0;
        if (last != null) {
            try {
                last.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long errors() {
        return errors.sum();
    }

    @Override
    public void close() {
        connection.close();
        lettuce.close();
    }
}
