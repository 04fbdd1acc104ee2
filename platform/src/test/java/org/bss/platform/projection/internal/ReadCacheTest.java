package org.bss.platform.projection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bss.devservices.DevServices;
import org.bss.devservices.EmbeddedRedis;
import org.bss.devservices.TcpGate;
import org.bss.platform.projection.ReadCacheProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read cache against a real Redis (the embedded one the tests share): two caches on the same Redis stand for
 * two instances. Keys are in a tenant of each test's own.
 */
class ReadCacheTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** Near entries outlive every test, so only invalidations remove them; reads skip a failed Redis for 500 ms. */
    static final ReadCacheProperties SETTINGS = new ReadCacheProperties(true, Duration.ofMinutes(10), 1000,
            Duration.ofMinutes(10), Duration.ofMillis(200), Duration.ofMillis(500), 100);

    static EmbeddedRedis redis;
    static RedisClient direct;
    static StatefulRedisConnection<String, String> connection;

    final List<AutoCloseable> closeAfter = new ArrayList<>();
    String tenant;

    @BeforeAll
    static void redis() {
        redis = DevServices.shared().redis().orElseThrow();
        direct = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        connection = direct.connect();
    }

    @AfterAll
    static void closeDirect() {
        connection.close();
        direct.shutdown();
    }

    @BeforeEach
    void tenant() {
        tenant = "cache-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeAfter.reversed()) {
            closeable.close();
        }
    }

    /** A cache, as one instance has it, on Redis at this port; once it listens to the invalidations. */
    private Cache cache(int port) {
        return cache(port, SETTINGS);
    }

    private Cache cache(int port, ReadCacheProperties settings) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisURI uri = RedisURI.create(redis.host(), port);
        uri.setTimeout(Duration.ofSeconds(2));
        RedisReadCache cache = new RedisReadCache(settings, uri, meters, () -> 0.5);
        closeAfter.add(cache);
        await().atMost(WAIT).until(cache::listening);
        return new Cache(cache, meters);
    }

    private Cache cache() {
        return cache(redis.port());
    }

    private TcpGate gate() {
        TcpGate gate = new TcpGate(TcpGate.Mode.FORWARD, redis.host(), redis.port());
        closeAfter.add(gate);
        return gate;
    }

    private CacheKey customer(String id) {
        return CacheKey.customer(tenant, id);
    }

    private static boolean inRedis(CacheKey key) {
        return connection.sync().exists("bss:rm:a:" + key.text()) == 1;
    }

    /** A computation from the database that counts its calls. */
    static final class Load implements Supplier<byte[]> {
        final AtomicInteger calls = new AtomicInteger();
        private final Supplier<String> answer;

        Load(String answer) {
            this(() -> answer);
        }

        Load(Supplier<String> answer) {
            this.answer = answer;
        }

        @Override
        public byte[] get() {
            calls.incrementAndGet();
            String text = answer.get();
            return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }
    }

    record Cache(RedisReadCache cache, SimpleMeterRegistry meters) {

        String get(CacheKey key, Supplier<byte[]> load) {
            byte[] answer = cache.get(key, load);
            return answer == null ? null : new String(answer, StandardCharsets.UTF_8);
        }

        double count(String name, String... tags) {
            var counter = meters.find(name).tags(tags).counter();
            return counter == null ? 0 : counter.count();
        }

        double nearHits() {
            return count("bss.cache.hits", "level", "near");
        }

        double redisHits() {
            return count("bss.cache.hits", "level", "redis");
        }
    }

    @Test
    void aMissIsComputedOnceThenServedFromRedisElsewhereAndFromMemoryHere() {
        Cache a = cache();
        Cache b = cache();
        CacheKey key = customer("c1");
        Load load = new Load("v1");

        assertThat(a.get(key, load)).isEqualTo("v1");
        assertThat(a.count("bss.cache.misses")).isEqualTo(1);
        assertThat(inRedis(key)).isTrue();

        Load elsewhere = new Load("not this");
        assertThat(b.get(key, elsewhere)).isEqualTo("v1");
        assertThat(b.redisHits()).isEqualTo(1);
        assertThat(b.get(key, elsewhere)).isEqualTo("v1");
        assertThat(b.nearHits()).isEqualTo(1);
        assertThat(a.get(key, load)).isEqualTo("v1");
        assertThat(a.nearHits()).isEqualTo(1);

        assertThat(load.calls).hasValue(1);
        assertThat(elsewhere.calls).hasValue(0);
    }

    @Test
    void notFoundIsNotKept() {
        Cache a = cache();
        CacheKey key = customer("nobody");
        Load load = new Load(() -> null);

        assertThat(a.get(key, load)).isNull();
        assertThat(a.get(key, load)).isNull();

        assertThat(load.calls).hasValue(2);
        assertThat(inRedis(key)).isFalse();
        assertThat(a.get(key, new Load("now folded"))).as("the customer, once folded").isEqualTo("now folded");
    }

    @Test
    void anInvalidationDeletesTheAnswerInRedisAndDropsItFromTheOtherInstancesMemory() {
        Cache a = cache();
        Cache b = cache();
        CacheKey key = customer("c1");
        CacheKey other = customer("c2");
        a.get(key, new Load("v1"));
        a.get(other, new Load("w1"));
        b.get(key, new Load("v1"));
        b.get(other, new Load("w1"));
        assertThat(b.get(key, new Load("not this"))).isEqualTo("v1");
        assertThat(b.nearHits()).isEqualTo(1);

        a.cache().invalidate(List.of(key));

        assertThat(inRedis(key)).isFalse();
        assertThat(inRedis(other)).isTrue();
        assertThat(connection.sync().get("bss:rm:g:" + key.text())).isEqualTo("1");
        assertThat(connection.sync().pttl("bss:rm:g:" + key.text())).as("the generation expires")
                .isBetween(1L, RedisReadCache.GENERATION_TTL.toMillis());
        Load fresh = new Load("v2");
        await().atMost(WAIT).until(() -> "v2".equals(b.get(key, fresh)));
        assertThat(fresh.calls).as("computed once, when the invalidation had dropped it from memory").hasValue(1);
        assertThat(b.get(other, new Load("not this"))).as("other keys stay").isEqualTo("w1");
        assertThat(a.get(key, new Load("not this"))).as("b stored v2").isEqualTo("v2");
        assertThat(a.count("bss.cache.invalidations")).isEqualTo(1);
    }

    @Test
    void anInvalidationOfAnAnswerNobodyHoldsLeavesNothingInRedisAndTellsNoInstance() {
        Cache a = cache();
        CacheKey held = customer("held");
        CacheKey unread = customer("unread");
        a.get(held, new Load("v1"));
        assertThat(connection.sync().pttl("bss:rm:g:" + held.text()))
                .as("a stored answer's generation lasts as long as the answer may be served").isGreaterThan(SETTINGS.ttl().toMillis());
        List<List<String>> heard = new CopyOnWriteArrayList<>();
        StatefulRedisPubSubConnection<byte[], byte[]> subscription = direct.connectPubSub(ByteArrayCodec.INSTANCE);
        closeAfter.add(subscription::close);
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                // Other tests' projections share this Redis: only this tenant's keys count.
                if (CacheMessage.decode(message) instanceof CacheMessage.Dropped(List<String> keys)
                        && keys.stream().anyMatch(key -> key.contains(tenant))) {
                    heard.add(keys);
                }
            }
        });
        subscription.sync().subscribe(RedisLink.CHANNEL);

        a.cache().invalidate(List.of(unread));
        a.cache().invalidate(List.of(held));

        assertThat(connection.sync().exists("bss:rm:a:" + unread.text(), "bss:rm:g:" + unread.text())).isZero();
        assertThat(inRedis(held)).isFalse();
        assertThat(connection.sync().get("bss:rm:g:" + held.text())).isEqualTo("1");
        await().atMost(WAIT).until(() -> !heard.isEmpty());
        assertThat(heard).as("one message, for the answer that was held").containsExactly(List.of(held.text()));
        assertThat(a.count("bss.cache.invalidations")).isEqualTo(2);
    }

    @Test
    void anAnswerComputedWhileItsKeyWasInvalidatedIsNotStored() {
        Cache a = cache();
        Cache b = cache();
        CacheKey key = customer("c1");
        // The database read returns the old state; the projection commits the new one and invalidates meanwhile.
        Load racing = new Load(() -> {
            b.cache().invalidate(List.of(key));
            return "old";
        });

        assertThat(a.get(key, racing)).as("the reader answers what it read").isEqualTo("old");

        assertThat(a.count("bss.cache.stale.refusals")).isEqualTo(1);
        assertThat(inRedis(key)).isFalse();
        Load after = new Load("new");
        assertThat(a.get(key, after)).isEqualTo("new");
        assertThat(after.calls).as("nothing was kept, here or in Redis").hasValue(1);
        assertThat(a.get(key, after)).isEqualTo("new");
        assertThat(after.calls).hasValue(1);
    }

    @Test
    void aReaderKeepsItsKeysGenerationAliveWhileItComputesSoThatAnInvalidationMeanwhileIsSeen() {
        Cache a = cache();
        Cache b = cache();
        CacheKey key = customer("c1");
        String generation = "bss:rm:g:" + key.text();
        // As a stored answer's generation is, just after the answer's ttl: about to expire.
        connection.sync().psetex(generation, 100, "0");
        AtomicLong left = new AtomicLong();
        Load racing = new Load(() -> {
            left.set(connection.sync().pttl(generation));
            b.cache().invalidate(List.of(key));
            return "old";
        });

        assertThat(a.get(key, racing)).isEqualTo("old");

        assertThat(left.get()).as("ms the generation had left while the reader computed")
                .isGreaterThan(RedisReadCache.GENERATION_TTL.toMillis() / 2);
        assertThat(a.count("bss.cache.stale.refusals")).isEqualTo(1);
        assertThat(inRedis(key)).isFalse();
    }

    @Test
    void anAnswerIsNotStoredWhenItsKeysGenerationWasLostWhileItWasComputed() {
        Cache a = cache();
        CacheKey key = customer("c1");
        // Redis restarted empty, say: a drop sent meanwhile finds neither answer nor generation and passes over the key.
        Load racing = new Load(() -> {
            connection.sync().del("bss:rm:g:" + key.text());
            return "old";
        });

        assertThat(a.get(key, racing)).isEqualTo("old");

        assertThat(a.count("bss.cache.stale.refusals")).isEqualTo(1);
        assertThat(inRedis(key)).isFalse();
    }

    @Test
    void whileItsSubscriptionIsDownAnInstanceServesNothingFromMemory() {
        TcpGate gate = gate();
        Cache a = cache(gate.port());
        CacheKey key = customer("c1");
        a.get(key, new Load("v1"));
        assertThat(a.get(key, new Load("not this"))).isEqualTo("v1");
        assertThat(a.nearHits()).isEqualTo(1);

        gate.mode(TcpGate.Mode.CLOSE);
        await().atMost(WAIT).until(() -> !a.cache().listening());

        Load database = new Load("from the database");
        assertThat(a.get(key, database)).isEqualTo("from the database");
        assertThat(a.get(key, database)).isEqualTo("from the database");
        assertThat(database.calls).hasValue(2);
        assertThat(a.nearHits()).isEqualTo(1);

        gate.mode(TcpGate.Mode.FORWARD);
        await().atMost(WAIT).until(() -> a.cache().listening() && "v1".equals(a.get(key, database)));
        assertThat(a.redisHits()).isPositive();
    }

    @Test
    void aHungRedisCostsOneTimeoutThenReadsGoStraightToTheDatabase() {
        TcpGate gate = gate();
        // Reads skip Redis for an hour after it failed: however slow this machine, no read asks it again here.
        Cache a = cache(gate.port(), new ReadCacheProperties(true, SETTINGS.ttl(), SETTINGS.nearSize(),
                SETTINGS.nearTtl(), SETTINGS.redisTimeout(), Duration.ofHours(1), SETTINGS.warmTop()));
        CacheKey cached = customer("c1");
        CacheKey key = customer("c2");
        a.get(cached, new Load("v1"));

        gate.mode(TcpGate.Mode.FREEZE);
        Load database = new Load("from the database");
        for (int i = 0; i < 20; i++) {
            assertThat(a.get(key, database)).isEqualTo("from the database");
            assertThat(a.get(cached, database)).as("memory does not serve while Redis fails").isEqualTo("from the database");
        }

        assertThat(a.count("bss.cache.errors")).as("one read waited for Redis; the others did not ask").isEqualTo(1);
        assertThat(a.count("bss.cache.bypassed")).isEqualTo(40);
        assertThat(database.calls).hasValue(40);
        gate.mode(TcpGate.Mode.FORWARD);
    }

    @Test
    void invalidationsRedisDidNotTakeAreSentOnceItAnswers() {
        TcpGate gate = gate();
        Cache projection = cache(gate.port());
        Cache reader = cache();
        CacheKey key = customer("c1");
        reader.get(key, new Load("v1"));

        gate.mode(TcpGate.Mode.CLOSE);
        await().atMost(WAIT).until(() -> !projection.cache().listening());
        projection.cache().invalidate(List.of(key));
        assertThat(inRedis(key)).as("Redis has not heard of it yet").isTrue();

        gate.mode(TcpGate.Mode.FORWARD);
        await().atMost(WAIT).until(() -> !inRedis(key));
        await().atMost(WAIT).until(() -> "v2".equals(reader.get(key, new Load("v2"))));
    }

    @Test
    void warmingRecomputesTheMostReadCustomersRedisDoesNotHold() {
        Cache a = cache();
        Cache b = cache();
        CacheKey hot = customer("hot");
        CacheKey warm = customer("warm");
        CacheKey kept = customer("kept");
        for (int i = 0; i < 5; i++) {
            a.get(hot, new Load("hot"));
            a.get(warm, new Load("warm"));
        }
        a.get(kept, new Load("kept"));
        a.get(new CacheKey(tenant, "order", "o1"), new Load("an order"));
        b.cache().invalidate(List.of(hot, warm)); // say, a rebuild folded them again

        assertThat(a.cache().warmLocally()).isEqualTo(2);

        assertThat(inRedis(hot)).isTrue();
        assertThat(inRedis(warm)).isTrue();
        Load notAgain = new Load("not this");
        assertThat(b.get(hot, notAgain)).isEqualTo("hot");
        assertThat(b.get(warm, notAgain)).isEqualTo("warm");
        assertThat(notAgain.calls).hasValue(0);
        assertThat(a.count("bss.cache.warmed")).isEqualTo(2);
    }
}
