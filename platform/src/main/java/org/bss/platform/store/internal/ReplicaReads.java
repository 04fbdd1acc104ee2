package org.bss.platform.store.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bss.platform.PlatformProperties;
import org.bss.platform.Role;
import org.bss.platform.store.EventLog;
import org.bss.platform.store.ReadReplicaProperties;
import org.bss.platform.store.ReadSource;
import org.bss.platform.store.ReadSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link ReadSources} of this process. With {@code bss.read-replica.url} set and the {@code query} role on, a
 * read-only pool to the replica, whose lag is measured there every {@code lag-check-interval}; reads go to it while
 * the lag is within {@code max-lag}, and to the primary before the first measurement, while it is further behind
 * and while it does not answer. Shown as the gauges {@code bss.read.replica.lag} and {@code bss.read.replica.used}
 * and the health component {@code readReplica}, which stays UP: the primary serves the reads meanwhile.
 */
@Component
class ReplicaReads implements ReadSources, AutoCloseable {

    static final String POOL = "bss-read-replica";
    static final String HEALTH = "readReplica";
    private static final Logger log = LoggerFactory.getLogger(ReplicaReads.class);
    private static final String LAG = "select case when not pg_is_in_recovery() then 0"
            + " when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0"
            + " else extract(epoch from now() - pg_last_xact_replay_timestamp()) end";

    /** One measurement: the lag in seconds (NaN: unknown, the replica did not answer) and when it was taken. */
    private record Measurement(double lagSeconds, long atNanos, String error) {
    }

    private final ReadSource primary;
    private final ReadReplicaProperties settings;
    private final HikariDataSource pool;
    private final ReadSource replica;
    private final ScheduledExecutorService checks;
    private volatile Measurement last = new Measurement(Double.NaN, System.nanoTime(), "not measured yet");
    /** Whether the last check found the replica usable; null before the first (only the checking thread writes it). */
    private Boolean usable;

    ReplicaReads(JdbcClient jdbc, EventLog events, JsonMapper json, ReadReplicaProperties settings,
            PlatformProperties platform, DataSourceProperties primaryDataSource, MeterRegistry meters,
            ObjectProvider<HealthContributorRegistry> health) {
        this.primary = new ReadSource("primary", jdbc, events);
        this.settings = settings;
        if (!settings.configured() || !Role.parse(platform.roles()).contains(Role.QUERY)) {
            this.pool = null;
            this.replica = null;
            this.checks = null;
            return;
        }
        this.pool = pool(settings, primaryDataSource, meters);
        JdbcClient replicaJdbc = JdbcClient.create(pool);
        this.replica = new ReadSource("replica", replicaJdbc, new JdbcEventLog(replicaJdbc, json));
        Gauge.builder("bss.read.replica.lag", this, ReplicaReads::lagSeconds).baseUnit("seconds")
                .description("How far the read replica is behind the primary, at most (NaN while it does not answer)")
                .register(meters);
        Gauge.builder("bss.read.replica.used", this, reads -> reads.current() == reads.replica ? 1 : 0)
                .description("1 while the query side reads from the read replica, 0 while from the primary")
                .register(meters);
        health.ifAvailable(registry -> registry.registerContributor(HEALTH, (HealthIndicator) this::health));
        this.checks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("bss-read-replica-lag").factory());
        checks.scheduleWithFixedDelay(this::check, 0, settings.lagCheckInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static HikariDataSource pool(ReadReplicaProperties settings, DataSourceProperties primary, MeterRegistry meters) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL);
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username() != null ? settings.username() : primary.determineUsername());
        config.setPassword(settings.password() != null ? settings.password() : primary.determinePassword());
        config.setMaximumPoolSize(settings.poolSize());
        config.setReadOnly(true);
        config.addDataSourceProperty("ApplicationName", POOL);
        // Read-only also outside transactions: a write sent here by mistake fails even when the URL names a primary.
        config.addDataSourceProperty("readOnlyMode", "always");
        // As the primary's pool (application.yaml): a silent network partition must not block a read for ever.
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("loginTimeout", "10");
        // A read waits at most this for a replica that went away since its last check, before it fails.
        config.setConnectionTimeout(2000);
        // Start without the replica: until it answers, reads go to the primary.
        config.setInitializationFailTimeout(-1);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        return new HikariDataSource(config);
    }

    @Override
    public ReadSource current() {
        return replica != null && lagSeconds() <= settings.maxLag().toNanos() / 1e9 ? replica : primary;
    }

    @Override
    public ReadSource primary() {
        return primary;
    }

    /**
     * The replica's lag now, at most: as last measured, plus the time since the next measurement was due (a check
     * that hangs on a silent replica lets it grow until reads leave it); NaN when the replica did not answer.
     */
    double lagSeconds() {
        Measurement measured = last;
        long overdue = System.nanoTime() - measured.atNanos() - settings.lagCheckInterval().toNanos();
        return measured.lagSeconds() + Math.max(0, overdue) / 1e9;
    }

    private void check() {
        try {
            Double lag = replica.jdbc().sql(LAG).query(Double.class).single();
            last = lag == null ? new Measurement(Double.NaN, System.nanoTime(), "no transaction replayed yet")
                    : new Measurement(lag, System.nanoTime(), null);
        } catch (RuntimeException e) {
            last = new Measurement(Double.NaN, System.nanoTime(), rootCause(e));
        }
        boolean now = current() == replica;
        if (usable == null || usable != now) {
            if (now) {
                log.info("Reads go to the read replica: {} s behind the primary", last.lagSeconds());
            } else if (last.error() != null) {
                log.warn("Reads go to the primary: the read replica does not answer ({})", last.error());
            } else {
                log.warn("Reads go to the primary: the read replica is {} s behind, more than {}", last.lagSeconds(),
                        settings.maxLag());
            }
            usable = now;
        }
    }

    private Health health() {
        Measurement measured = last;
        Health.Builder health = Health.up().withDetail("reads", current().name())
                .withDetail("maxLag", settings.maxLag().toString());
        double lag = lagSeconds();
        if (!Double.isNaN(lag)) {
            health.withDetail("lagSeconds", lag);
        }
        if (measured.error() != null) {
            health.withDetail("error", measured.error());
        }
        return health.build();
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.shutdownNow();
            pool.close();
        }
    }
}
