package org.bss.platform.projection.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bss.platform.projection.ReadCacheProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read answers cached in Redis, shared by every instance, with a small near cache in each.
 *
 * <ul>
 *   <li>A read takes the near cache's answer (only while this instance hears the invalidations), else Redis's,
 *       else computes it from PostgreSQL and stores it, in Redis for {@code ttl} and here for {@code near-ttl}.
 *       A 404 (no answer) is not stored.</li>
 *   <li>Invalidation: the projection's keys are deleted in Redis and published on a channel every instance
 *       subscribes to, which drops them from its near cache; keys nobody holds or computes are passed over
 *       ({@link RedisAnswers}).</li>
 *   <li>Stale-write guard: a reader stores what it computed only if no invalidation of the key came since it asked
 *       Redis (the key's generation, see {@link RedisAnswers}); refusals are counted.</li>
 *   <li>Early recomputation ({@link XFetch}) so that a popular answer's expiry does not send every reader to
 *       PostgreSQL at once.</li>
 *   <li>Redis down or hung: a call waits at most {@code redis-timeout}, then reads skip Redis for
 *       {@code bypass-for} and go to PostgreSQL; invalidations Redis did not take are sent again once it answers.</li>
 * </ul>
 */
class RedisReadCache implements ReadCache, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisReadCache.class);
    /** Beyond this many invalidations waiting for Redis, everything is forgotten once it answers. */
    private static final int PENDING_LIMIT = 100_000;
    /**
     * How long Redis keeps a key's generation after its last invalidation: longer than a reader may take between
     * asking Redis and storing (a database read is cut at 60 s), short enough that busy keys' generations do not
     * pile up. A reader that took longer does not store.
     */
    static final Duration GENERATION_TTL = Duration.ofMinutes(2);

    private final ReadCacheProperties settings;
    private final CacheMeters meters;
    private final NearCache near;
    private final MostRead mostRead;
    private final Breaker breaker;
    private final XFetch xfetch;
    private final RedisLink link;
    private final RedisAnswers redis;
    private final PendingDrops pending = new PendingDrops(PENDING_LIMIT);
    private final ScheduledExecutorService retries;
    private final AtomicBoolean warming = new AtomicBoolean();
    /** How long a stored answer may be served, from Redis and then from an instance's memory: its generation's TTL. */
    private final Duration servedFor;

    /** @param random uniform in [0, 1), for early recomputation */
    RedisReadCache(ReadCacheProperties settings, RedisURI uri, MeterRegistry registry, DoubleSupplier random) {
        this.settings = settings;
        Duration served = settings.ttl().plus(settings.nearTtl());
        this.servedFor = served.compareTo(GENERATION_TTL) > 0 ? served : GENERATION_TTL;
        this.meters = CacheMeters.register(registry);
        this.near = new NearCache(settings.nearSize(), settings.nearTtl());
        this.mostRead = new MostRead(settings.warmTop());
        this.breaker = new Breaker(settings.bypassFor(), System::nanoTime);
        this.xfetch = new XFetch(random);
        this.link = new RedisLink(uri, settings.redisTimeout(), settings.bypassFor(), this::heard, near::listening,
                this::connectionFailed, breaker::succeeded);
        this.redis = new RedisAnswers(link, settings.redisTimeout());
        Gauge.builder("bss.cache.listening", near, n -> n.listening() ? 1 : 0)
                .description("1 while this instance hears the cache's invalidations (its near cache serves only then)")
                .register(registry);
        this.retries = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("bss-read-cache-retries").factory());
        retries.scheduleWithFixedDelay(this::sendPending, 1, 1, TimeUnit.SECONDS);
        redis.connected(); // opens the connections in the background
    }

    @Override
    public byte[] get(CacheKey key, Supplier<byte[]> load) {
        mostRead.read(key, load);
        String text = key.text();
        if (!breaker.allows() || !redis.connected()) {
            meters.bypassed().increment();
            return load.get();
        }
        long now = System.currentTimeMillis();
        NearCache.Stamp stamp = near.stamp(text);
        CacheEntry local = breaker.isClosed() ? near.get(text, now) : null;
        if (local != null && !xfetch.recomputeEarly(local, now)) {
            meters.nearHits().increment();
            return local.answer();
        }
        RedisAnswers.Read read;
        try {
            read = redis.read(text, GENERATION_TTL);
            breaker.succeeded();
        } catch (RedisAnswers.Unavailable e) {
            unavailable(e);
            meters.bypassed().increment();
            return load.get();
        }
        CacheEntry shared = read.entry() == null || read.entry().expired(now) ? null : read.entry();
        // The near entry, if any, drew already: the same entry in Redis does not draw again.
        if (shared != null && !shared.sameStore(local) && !xfetch.recomputeEarly(shared, now)) {
            meters.redisHits().increment();
            near.put(text, shared, stamp);
            return shared.answer();
        }
        (shared == null && local == null ? meters.misses() : meters.earlyRecomputes()).increment();
        long started = System.nanoTime();
        byte[] answer = load.get();
        if (answer != null) { // a 404 is not kept: the customer may be folded any moment
            keep(text, read, answer, System.nanoTime() - started, stamp);
        }
        return answer;
    }

    /** Stores a computed answer unless its key was invalidated since {@code read}; true when stored. */
    private boolean keep(String key, RedisAnswers.Read read, byte[] answer, long deltaNanos, NearCache.Stamp stamp) {
        if (System.nanoTime() - read.atNanos() >= GENERATION_TTL.toNanos()) {
            return false; // the key's generation may have expired and come back as it was: the guard would not see
        }
        CacheEntry entry = new CacheEntry(read.epochNumber(), System.currentTimeMillis() + settings.ttl().toMillis(),
                deltaNanos / 1000, answer);
        try {
            if (redis.store(key, read, entry, settings.ttl(), servedFor)) {
                near.put(key, entry, stamp);
                return true;
            }
            meters.staleRefusals().increment();
        } catch (RedisAnswers.Unavailable e) {
            unavailable(e);
        }
        return false;
    }

    @Override
    public void invalidate(Collection<CacheKey> keys) {
        List<String> texts = keys.stream().map(CacheKey::text).distinct().toList();
        if (texts.isEmpty()) {
            return;
        }
        meters.invalidations().increment(texts.size());
        near.drop(texts); // here at once; the other instances when the message reaches them
        if (!breaker.allows() || !redis.connected()) {
            pending.add(texts);
            return;
        }
        try {
            redis.drop(texts, GENERATION_TTL);
            breaker.succeeded();
        } catch (RedisAnswers.Unavailable e) {
            unavailable(e);
            pending.add(texts);
        }
    }

    @Override
    public void forgetAll() {
        near.dropAll();
        pending.all();
        sendPending();
    }

    @Override
    public void warmMostRead() {
        try {
            if (breaker.allows() && redis.connected()) {
                redis.publishWarm();
                return;
            }
        } catch (RedisAnswers.Unavailable e) {
            unavailable(e);
        }
        log.info("The read cache was not warmed: Redis does not answer");
    }

    /**
     * Recomputes this instance's most-read customers that Redis does not hold, hottest first, one at a time (the
     * warming must not crowd out the reads); stops at the first failure. Returns how many it stored.
     */
    int warmLocally() {
        int warmed = 0;
        for (Map.Entry<CacheKey, Supplier<byte[]>> hot : mostRead.hottest().entrySet()) {
            String key = hot.getKey().text();
            try {
                if (!breaker.allows() || !redis.connected()) {
                    break;
                }
                NearCache.Stamp stamp = near.stamp(key);
                RedisAnswers.Read read = redis.read(key, GENERATION_TTL);
                if (read.entry() != null) {
                    continue;
                }
                long started = System.nanoTime();
                byte[] answer = hot.getValue().get();
                if (answer != null && keep(key, read, answer, System.nanoTime() - started, stamp)) {
                    warmed++;
                }
            } catch (RedisAnswers.Unavailable e) {
                unavailable(e);
                break;
            } catch (RuntimeException e) {
                log.warn("Warming the read cache stopped: {}", e.toString());
                break;
            }
        }
        meters.warmed().increment(warmed);
        log.info("The read cache warmed {} of this instance's most-read customers", warmed);
        return warmed;
    }

    /** Whether this instance hears the invalidations (its near cache serves only then). */
    boolean listening() {
        return near.listening();
    }

    private void heard(byte[] message) {
        switch (CacheMessage.decode(message)) {
            case CacheMessage.Dropped dropped -> near.drop(dropped.keys());
            case CacheMessage.ForgetAll all -> near.dropAll();
            case CacheMessage.Warm warm -> {
                if (warming.compareAndSet(false, true)) {
                    Thread.ofVirtual().name("bss-read-cache-warming").start(() -> {
                        try {
                            warmLocally();
                        } finally {
                            warming.set(false);
                        }
                    });
                }
            }
        }
    }

    private void sendPending() {
        if (pending.isEmpty() || !breaker.allows() || !redis.connected()) {
            return;
        }
        PendingDrops.Batch batch = pending.take();
        try {
            if (batch.all()) {
                redis.forgetAll();
            } else if (!batch.keys().isEmpty()) {
                redis.drop(batch.keys(), GENERATION_TTL);
            }
            breaker.succeeded();
        } catch (RedisAnswers.Unavailable e) {
            unavailable(e);
            pending.restore(batch);
        }
    }

    private void unavailable(RuntimeException e) {
        meters.errors().increment();
        if (breaker.failed()) {
            near.dropAll();
            log.warn("Redis did not answer the read cache ({}); reads go to PostgreSQL for {} before one tries again",
                    e.getMessage(), settings.bypassFor());
        }
    }

    private void connectionFailed() {
        meters.errors().increment();
        if (breaker.failed()) {
            near.dropAll();
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        link.close();
    }
}
