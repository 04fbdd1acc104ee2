package org.bss.platform.store.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.store.StoreProperties;
import org.bss.platform.tenancy.Tenant;
import org.bss.platform.tenancy.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Daily partitions of the events table (UTC days): created ahead of time, and for any day a batch needs;
 * detached and dropped once older than the longest retention; rows of tenants with a shorter retention
 * deleted. Runs before the writer starts and then every hour; an advisory lock lets one instance at a time do it.
 */
@Component
@ConditionalOnRole(Role.STORE)
class PartitionMaintenance implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);
    private static final long LOCK_KEY = 0x6273735F70617274L; // "bss_part"
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final StoreProperties properties;
    private final TenantDirectory directory;
    /** Days known to have a partition, so that the writer asks the database only for a new day. */
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    PartitionMaintenance(JdbcTemplate jdbc, TransactionTemplate transactions, StoreProperties properties,
            TenantDirectory directory) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.directory = directory;
    }

    @Override
    public void afterPropertiesSet() {
        maintain();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1H")
    void maintain() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ensureDays(daysBetween(today.minusDays(1), today.plusDays(properties.partitionsAheadDays())));
        applyRetention(today);
    }

    /** Makes sure the partitions for these accept instants exist (the writer calls this for every batch). */
    void ensureFor(long[] receivedAtMillis) {
        Set<LocalDate> missing = null;
        long lastDay = Long.MIN_VALUE;
        for (long millis : receivedAtMillis) {
            long day = Math.floorDiv(millis, 86_400_000L);
            if (day != lastDay) { // a batch is mostly of one day: one set look-up per change of day
                lastDay = day;
                LocalDate date = LocalDate.ofEpochDay(day);
                if (!known.contains(date)) {
                    missing = missing == null ? new TreeSet<>() : missing;
                    missing.add(date);
                }
            }
        }
        if (missing != null) {
            ensureDays(missing);
        }
    }

    private void ensureDays(Collection<LocalDate> days) {
        List<LocalDate> created = transactions.execute(status -> {
            lock();
            return days.stream().filter(this::createPartition).toList();
        });
        known.addAll(days);
        if (!created.isEmpty()) {
            log.info("Created daily partitions of events: {}", created);
        }
    }

    /**
     * Drops whole days older than the longest retention; deletes older rows of tenants that keep less. Each step
     * is a short transaction of its own: detaching a partition locks the events table until it commits.
     */
    void applyRetention(LocalDate today) {
        int byDefault = properties.retentionDays();
        List<Tenant> all = directory.all();
        int longest = Math.max(byDefault, all.stream().mapToInt(t -> retention(t, byDefault)).max().orElse(0));
        LocalDate keepFrom = today.minusDays(longest);
        for (LocalDate day : partitionDays()) {
            if (day.isBefore(keepFrom)) {
                String name = partitionName(day);
                transactions.executeWithoutResult(status -> {
                    lock();
                    if (Boolean.TRUE.equals(jdbc.queryForObject("select to_regclass(?) is not null", Boolean.class, name))) {
                        jdbc.execute("alter table events detach partition " + name);
                        jdbc.execute("drop table " + name);
                    }
                });
                known.remove(day);
                log.info("Dropped partition {} (older than {} days)", name, longest);
            }
        }
        inTransaction(() -> jdbc.update("delete from event_keys where received_at < ?", timestamp(keepFrom)));
        // Tenants that keep less than the longest retention, the default's tenants included.
        for (Tenant tenant : all.stream().filter(t -> retention(t, byDefault) < longest).toList()) {
            String id = tenant.tenantId();
            int days = retention(tenant, byDefault);
            var cutoff = timestamp(today.minusDays(days));
            int events = inTransaction(() -> {
                int deleted = jdbc.update("delete from events where tenant_id = ? and received_at < ?", id, cutoff);
                jdbc.update("delete from event_keys where tenant_id = ? and received_at < ?", id, cutoff);
                return deleted;
            });
            if (events > 0) {
                log.info("Deleted {} events of tenant {} older than {} days", events, id, days);
            }
        }
    }

    private static int retention(Tenant tenant, int byDefault) {
        return tenant.retentionDays() == null ? byDefault : tenant.retentionDays();
    }

    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        return transactions.execute(status -> {
            lock();
            return work.get();
        });
    }

    private static java.sql.Timestamp timestamp(LocalDate day) {
        return java.sql.Timestamp.from(day.atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    /** The days that have a partition now. */
    List<LocalDate> partitionDays() {
        return jdbc.queryForList("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = 'events'::regclass order by c.relname""", String.class)
                .stream()
                .filter(name -> name.matches("events_p\\d{8}"))
                .map(name -> LocalDate.parse(name.substring("events_p".length()), SUFFIX))
                .toList();
    }

    private void lock() {
        jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, LOCK_KEY);
    }

    private boolean createPartition(LocalDate day) {
        String name = partitionName(day);
        Boolean exists = jdbc.queryForObject("select to_regclass(?) is not null", Boolean.class, name);
        if (Boolean.TRUE.equals(exists)) {
            return false;
        }
        jdbc.execute("create table " + name + " partition of events for values from ('" + day + " 00:00:00+00') to ('"
                + day.plusDays(1) + " 00:00:00+00')");
        return true;
    }

    private static String partitionName(LocalDate day) {
        return "events_p" + SUFFIX.format(day);
    }

    private static List<LocalDate> daysBetween(LocalDate first, LocalDate last) {
        return first.datesUntil(last.plusDays(1)).toList();
    }
}
