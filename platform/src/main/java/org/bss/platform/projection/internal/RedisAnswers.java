package org.bss.platform.projection.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * The answers in Redis. Per answer two keys: {@code bss:rm:a:<key>}, the entry with its TTL, and
 * {@code bss:rm:g:<key>}, its generation, counted up by every invalidation. A reader reads both (and the cache
 * epoch, counted up when everything is forgotten) in one round trip, and stores what it computed only if neither
 * changed since: the test and the write are one script, so no invalidation falls between them.
 *
 * <p>Every call waits at most the Redis timeout and throws when Redis does not answer or is not connected.
 */
final class RedisAnswers {

    /** What a reader saw before it computed: the entry (null when none) and what storing requires unchanged. */
    record Read(CacheEntry entry, byte[] generation, byte[] epoch, long atNanos) {

        /** The epoch as a number; -1 for anything else in its key (entries then match only others stored so). */
        long epochNumber() {
            try {
                return Long.parseLong(new String(epoch, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** Thrown when Redis cannot be asked: not connected, or no answer in time. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private static final byte[] EPOCH = bytes("bss:rm:epoch");
    private static final byte[] ZERO = bytes("0");
    /** Chunks of one drop script: one script blocks Redis while it runs. */
    private static final int DROP_CHUNK = 500;

    private static final Script STORE = new Script("""
            if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] and (redis.call('GET', KEYS[3]) or '0') == ARGV[2] then
              redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
              return 1
            end
            return 0""");
    private static final Script DROP = new Script("""
            for i = 1, #KEYS, 2 do
              redis.call('DEL', KEYS[i])
              redis.call('INCR', KEYS[i + 1])
              redis.call('PEXPIRE', KEYS[i + 1], ARGV[1])
            end
            redis.call('PUBLISH', ARGV[2], ARGV[3])
            return #KEYS / 2""");
    private static final Script FORGET_ALL = new Script("""
            redis.call('INCR', KEYS[1])
            redis.call('PUBLISH', ARGV[1], ARGV[2])
            return 1""");

    private final RedisLink link;
    private final Duration timeout;

    RedisAnswers(RedisLink link, Duration timeout) {
        this.link = link;
        this.timeout = timeout;
    }

    /** Whether the connection is open (else an attempt to open it starts): calls would fail at once otherwise. */
    boolean connected() {
        return link.commands() != null;
    }

    Read read(String key) {
        long at = System.nanoTime();
        List<KeyValue<byte[], byte[]>> values = await(() -> commands().mget(answerKey(key), generationKey(key), EPOCH));
        byte[] epoch = values.get(2).getValueOrElse(ZERO);
        Read read = new Read(null, values.get(1).getValueOrElse(ZERO), epoch, at);
        CacheEntry entry = CacheEntry.decode(values.get(0).getValueOrElse(null));
        return entry != null && entry.epoch() == read.epochNumber()
                ? new Read(entry, read.generation(), epoch, at) : read;
    }

    /**
     * Stores the entry for {@code ttl} if the key's generation and the epoch are still those of {@code read};
     * false when an invalidation came between (the entry may be older than what the database holds now).
     */
    boolean store(String key, Read read, CacheEntry entry, Duration ttl) {
        Long stored = run(STORE, new byte[][] {answerKey(key), generationKey(key), EPOCH},
                read.generation(), read.epoch(), entry.encode(), bytes(Long.toString(ttl.toMillis())));
        return stored == 1;
    }

    /**
     * Deletes the answers, counts their generations up (kept {@code generationTtl}, longer than any reader may
     * take between its read and its store) and publishes their keys to every instance, in one script per chunk.
     */
    void drop(List<String> keys, Duration generationTtl) {
        for (int from = 0; from < keys.size(); from += DROP_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + DROP_CHUNK));
            List<byte[]> redisKeys = new ArrayList<>(chunk.size() * 2);
            for (String key : chunk) {
                redisKeys.add(answerKey(key));
                redisKeys.add(generationKey(key));
            }
            run(DROP, redisKeys.toArray(byte[][]::new), bytes(Long.toString(generationTtl.toMillis())),
                    RedisLink.CHANNEL, CacheMessage.dropped(chunk));
        }
    }

    /** A new epoch: every answer stored before is forgotten, by every instance. */
    void forgetAll() {
        run(FORGET_ALL, new byte[][] {EPOCH}, RedisLink.CHANNEL, new byte[] {CacheMessage.FORGET_ALL});
    }

    void publishWarm() {
        await(() -> commands().publish(RedisLink.CHANNEL, new byte[] {CacheMessage.WARM}));
    }

    static byte[] answerKey(String key) {
        return bytes("bss:rm:a:" + key);
    }

    static byte[] generationKey(String key) {
        return bytes("bss:rm:g:" + key);
    }

    private Long run(Script script, byte[][] keys, byte[]... arguments) {
        try {
            return await(() -> commands().<Long>evalsha(script.sha(), ScriptOutputType.INTEGER, keys, arguments));
        } catch (Unavailable e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
                throw e;
            }
            return await(() -> commands().<Long>eval(script.text(), ScriptOutputType.INTEGER, keys, arguments));
        }
    }

    private RedisAsyncCommands<byte[], byte[]> commands() {
        RedisAsyncCommands<byte[], byte[]> commands = link.commands();
        if (commands == null) {
            throw new Unavailable("not connected to Redis", null);
        }
        return commands;
    }

    private <T> T await(Supplier<RedisFuture<T>> call) {
        RedisFuture<T> future;
        try {
            future = call.get();
        } catch (RedisException e) {
            throw new Unavailable(e.toString(), e);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new Unavailable(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new Unavailable("no answer from Redis within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record Script(String text, String sha) {
        Script(String text) {
            this(text, sha1(text));
        }

        private static String sha1(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes(text)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
