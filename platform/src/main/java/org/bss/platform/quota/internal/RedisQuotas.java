package org.bss.platform.quota.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bss.platform.quota.QuotaDecision;
import org.bss.platform.quota.QuotaProperties;
import org.bss.platform.quota.Quotas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.stereotype.Service;

/**
 * Token buckets in Redis (Bucket4j, compare-and-swap over Lettuce), so that every instance spends from the same
 * bucket. When Redis does not answer in time, this instance falls back to buckets of its own for a while (a log
 * line and a metric say so): never no limit, never refusing everything. The connection is opened in the
 * background, not at start-up: an instance whose Redis is away or hung starts on local buckets and moves to the
 * shared ones once Redis answers.
 */
@Service
@ConditionalOnRole(Role.INGEST)
class RedisQuotas implements Quotas, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisQuotas.class);

    private final TenantLimits limits;
    private final QuotaProperties properties;
    private final RedisClient client;
    private final RedisURI uri;
    private final AtomicReference<StatefulRedisConnection<byte[], byte[]>> connection = new AtomicReference<>();
    private final AtomicReference<ProxyManager<byte[]>> shared = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<ProxyManager<byte[]>>> connecting = new AtomicReference<>();
    private final ConcurrentHashMap<TenantLimits.Limit, ConcurrentHashMap<String, Bucket>> local = new ConcurrentHashMap<>();
    /**
     * One proxy per bucket (its key names the limits, so new limits get a new one), optimised (see
     * {@link #optimization}) so that checks do not all race for the same key: under load, racing made retries pile
     * up until checks timed out and this instance fell back to local buckets, and those requests waited for the whole
     * Redis timeout.
     */
    private final ConcurrentHashMap<String, BucketProxy> proxies = new ConcurrentHashMap<>();
    private final AtomicLong localUntilNanos = new AtomicLong(System.nanoTime() - 1);
    private final Counter fallbacks;

    RedisQuotas(TenantLimits limits, QuotaProperties properties, DataRedisProperties redis, MeterRegistry meters) {
        this.limits = limits;
        this.properties = properties;
        RedisURI uri = redis.getUrl() != null ? RedisURI.create(redis.getUrl())
                : RedisURI.builder().withHost(redis.getHost()).withPort(redis.getPort())
                        .withSsl(redis.getSsl().isEnabled()).withDatabase(redis.getDatabase()).build();
        // Connecting runs in the background, so it may take longer than a check (a busy machine needs more than 200 ms).
        uri.setTimeout(redis.getConnectTimeout() != null ? redis.getConnectTimeout() : Duration.ofSeconds(2));
        if (redis.getPassword() != null) {
            uri.setCredentialsProvider(io.lettuce.core.RedisCredentialsProvider.from(
                    () -> io.lettuce.core.RedisCredentials.just(redis.getUsername(), redis.getPassword())));
        }
        this.uri = uri;
        this.client = RedisClient.create();
        this.fallbacks = Counter.builder("bss.quota.local.fallbacks")
                .description("Times a quota check fell back to this instance's buckets because Redis did not answer")
                .register(meters);
        connect();
    }

    /**
     * Opens the connection in the background, one attempt at a time; once open, Lettuce reconnects it by itself.
     * A check waits for an attempt as long as for any answer of Redis ({@code bss.quota.redis-timeout}).
     */
    private CompletableFuture<ProxyManager<byte[]>> connect() {
        CompletableFuture<ProxyManager<byte[]>> attempt = new CompletableFuture<>();
        CompletableFuture<ProxyManager<byte[]>> running = connecting.compareAndExchange(null, attempt);
        if (running != null) {
            return running;
        }
        client.connectAsync(ByteArrayCodec.INSTANCE, uri).whenComplete((opened, failure) -> {
            connecting.set(null);
            if (failure != null) {
                log.warn("Redis cannot be reached: {}", NestedExceptionUtils.getMostSpecificCause(failure).getMessage());
                attempt.completeExceptionally(failure);
                return;
            }
            connection.set(opened);
            ProxyManager<byte[]> manager = Bucket4jLettuce.casBasedBuilder(opened)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                    .requestTimeout(properties.redisTimeout())
                    .build();
            shared.set(manager);
            log.info("Quota buckets are shared through Redis at {}:{}", uri.getHost(), uri.getPort());
            attempt.complete(manager);
        });
        return attempt;
    }

    @Override
    public QuotaDecision consume(String tenantId, String keyId, long events) {
        var keyLimit = keyId == null ? java.util.Optional.<TenantLimits.Limit>empty() : limits.ofKey(keyId);
        if (keyLimit.isPresent()) {
            QuotaDecision key = consume("key:" + keyId, keyLimit.get(), events);
            if (!key.allowed()) {
                return key;
            }
        }
        return consume("tenant:" + tenantId, limits.of(tenantId), events);
    }

    private QuotaDecision consume(String bucketId, TenantLimits.Limit limit, long events) {
        if (events > limit.burst()) {
            return new QuotaDecision(false, limit.burst(), 0, Duration.ofSeconds(Math.max(1, events / Math.max(1, limit.rate()))));
        }
        if (System.nanoTime() - localUntilNanos.get() > 0) {
            try {
                ProxyManager<byte[]> redis = shared.get() != null ? shared.get()
                        : connect().get(properties.redisTimeout().toNanos(), TimeUnit.NANOSECONDS);
                String key = "bss:quota:" + bucketId + ":" + limit.rate() + ":" + limit.burst();
                return decision(limit, proxies.computeIfAbsent(key, k -> redis.builder()
                                .withOptimization(optimization(limit))
                                .build(k.getBytes(StandardCharsets.UTF_8), () -> configuration(limit)))
                        .tryConsumeAndReturnRemaining(events));
            } catch (RuntimeException | ExecutionException | TimeoutException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                localUntilNanos.set(System.nanoTime() + properties.localFor().toNanos());
                fallbacks.increment();
                log.warn("Redis did not answer a quota check ({}); using this instance's buckets for {}", e.toString(),
                        properties.localFor());
            }
        }
        Bucket bucket = local.computeIfAbsent(limit, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(bucketId, t -> Bucket.builder().addLimit(bandwidth(limit)).build());
        return decision(limit, bucket.tryConsumeAndReturnRemaining(events));
    }

    private static QuotaDecision decision(TenantLimits.Limit limit, ConsumptionProbe probe) {
        return new QuotaDecision(probe.isConsumed(), limit.burst(), probe.getRemainingTokens(),
                Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /**
     * A bucket of at least 100 tokens is spent here and synchronised with Redis once 1 % of its burst has been spent
     * unsynchronised or 50 ms have passed: most checks then cost no round trip, and each instance can overshoot the
     * shared bucket by at most 1 % of the burst. Smaller buckets stay exact: every check goes to Redis, concurrent
     * ones batched into one compare-and-swap.
     */
    private static Optimization optimization(TenantLimits.Limit limit) {
        long slack = limit.burst() / 100;
        return slack >= 1 ? Optimizations.delaying(new DelayParameters(slack, Duration.ofMillis(50))) : Optimizations.batching();
    }

    private static BucketConfiguration configuration(TenantLimits.Limit limit) {
        return BucketConfiguration.builder().addLimit(bandwidth(limit)).build();
    }

    private static Bandwidth bandwidth(TenantLimits.Limit limit) {
        return Bandwidth.builder().capacity(limit.burst()).refillGreedy(limit.rate(), Duration.ofSeconds(1)).build();
    }

    @Override
    public void destroy() {
        var open = connection.get();
        if (open != null) {
            open.close();
        }
        client.shutdown();
    }
}
