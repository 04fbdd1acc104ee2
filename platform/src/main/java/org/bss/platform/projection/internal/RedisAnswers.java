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
 * <p>A key's generation exists only while someone may hold or compute its answer: a reader creates it or keeps it
 * alive, a store keeps it as long as the answer may be served from Redis or an instance's memory. An
 * invalidation acts only on keys whose answer or generation exists, and publishes only when it acted: most events
 * change read models nobody has read lately, and their invalidations then cost Redis a look-up each, with no
 * write, no key left behind and no message to every instance.
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

    /**
     * The entry, the generation and the epoch. The generation is created if missing and kept at least ARGV[1], so
     * that it outlives the reader's computation and every drop meanwhile sees it.
     */
    private static final Script READ = new Script("""
            local values = redis.call('MGET', KEYS[1], KEYS[2], KEYS[3])
            if not values[2] then
              redis.call('SET', KEYS[2], '0', 'PX', ARGV[1])
              values[2] = '0'
            elseif redis.call('PTTL', KEYS[2]) < tonumber(ARGV[1]) then
              redis.call('PEXPIRE', KEYS[2], ARGV[1])
            end
            return values""");
    /** A missing generation (expired, or Redis lost it) refuses too: a drop may have passed over the key meanwhile. */
    private static final Script STORE = new Script("""
            if redis.call('GET', KEYS[2]) == ARGV[1] and (redis.call('GET', KEYS[3]) or '0') == ARGV[2] then
              redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
              redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[5])
              return 1
            end
            return 0""");
    private static final Script DROP = new Script("""
            local dropped = 0
            for i = 1, #KEYS, 2 do
              if redis.call('DEL', KEYS[i]) + redis.call('EXISTS', KEYS[i + 1]) > 0 then
                redis.call('INCR', KEYS[i + 1])
                redis.call('PEXPIRE', KEYS[i + 1], ARGV[1])
                dropped = dropped + 1
              end
            end
            if dropped > 0 then
              redis.call('PUBLISH', ARGV[2], ARGV[3])
            end
            return dropped""");
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

    /** What the key holds now; its generation is kept at least {@code generationTtl} from now. */
    Read read(String key, Duration generationTtl) {
        long at = System.nanoTime();
        List<byte[]> values = run(READ, ScriptOutputType.MULTI, new byte[][] {answerKey(key), generationKey(key), EPOCH},
                bytes(Long.toString(generationTtl.toMillis())));
        byte[] epoch = values.get(2) == null ? ZERO : values.get(2);
        Read read = new Read(null, values.get(1) == null ? ZERO : values.get(1), epoch, at);
        CacheEntry entry = CacheEntry.decode(values.get(0));
        return entry != null && entry.epoch() == read.epochNumber()
                ? new Read(entry, read.generation(), epoch, at) : read;
    }

    /**
     * Stores the entry for {@code ttl} if the key's generation and the epoch are still those of {@code read}, and
     * keeps the generation {@code generationTtl} (as long as the entry may be served, from Redis or from memory);
     * false when an invalidation came between (the entry may be older than what the database holds now).
     */
    boolean store(String key, Read read, CacheEntry entry, Duration ttl, Duration generationTtl) {
        Long stored = run(STORE, ScriptOutputType.INTEGER, new byte[][] {answerKey(key), generationKey(key), EPOCH},
                read.generation(), read.epoch(), entry.encode(), bytes(Long.toString(ttl.toMillis())),
                bytes(Long.toString(generationTtl.toMillis())));
        return stored == 1;
    }

    /**
     * Of the keys whose answer or generation exists: deletes the answers, counts the generations up (kept
     * {@code generationTtl}, longer than any reader may take between its read and its store) and publishes the
     * chunk's keys to every instance, in one script per chunk.
     */
    void drop(List<String> keys, Duration generationTtl) {
        for (int from = 0; from < keys.size(); from += DROP_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + DROP_CHUNK));
            List<byte[]> redisKeys = new ArrayList<>(chunk.size() * 2);
            for (String key : chunk) {
                redisKeys.add(answerKey(key));
                redisKeys.add(generationKey(key));
            }
            run(DROP, ScriptOutputType.INTEGER, redisKeys.toArray(byte[][]::new),
                    bytes(Long.toString(generationTtl.toMillis())), RedisLink.CHANNEL, CacheMessage.dropped(chunk));
        }
    }

    /** A new epoch: every answer stored before is forgotten, by every instance. */
    void forgetAll() {
        run(FORGET_ALL, ScriptOutputType.INTEGER, new byte[][] {EPOCH}, RedisLink.CHANNEL, new byte[] {CacheMessage.FORGET_ALL});
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

    private <T> T run(Script script, ScriptOutputType output, byte[][] keys, byte[]... arguments) {
        try {
            return await(() -> commands().<T>evalsha(script.sha(), output, keys, arguments));
        } catch (Unavailable e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
                throw e;
            }
            return await(() -> commands().<T>eval(script.text(), output, keys, arguments));
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
