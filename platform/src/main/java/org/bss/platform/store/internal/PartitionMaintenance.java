package org.bss.platform.store.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.store.StoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps daily partitions of the events table ready ahead of time (UTC days). Runs before the writer starts
 * and then every hour; an advisory lock lets one instance at a time do it.
 */
@Component
@ConditionalOnRole(Role.STORE)
class PartitionMaintenance implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);
    private static final long LOCK_KEY = 0x6273735F70617274L; // "bss_part"
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final int daysAhead;

    PartitionMaintenance(JdbcTemplate jdbc, TransactionTemplate transactions, StoreProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.daysAhead = properties.partitionsAheadDays();
    }

    @Override
    public void afterPropertiesSet() {
        ensurePartitions();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1H")
    void ensurePartitions() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int created = transactions.execute(status -> {
            jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, LOCK_KEY);
            int count = 0;
            for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(daysAhead)); day = day.plusDays(1)) {
                count += createPartition(day) ? 1 : 0;
            }
            return count;
        });
        if (created > 0) {
            log.info("Created {} daily partitions of events up to {}", created, today.plusDays(daysAhead));
        }
    }

    private boolean createPartition(LocalDate day) {
        String name = "events_p" + SUFFIX.format(day);
        Boolean exists = jdbc.queryForObject("select to_regclass(?) is not null", Boolean.class, name);
        if (Boolean.TRUE.equals(exists)) {
            return false;
        }
        jdbc.execute("create table " + name + " partition of events for values from ('" + day + " 00:00:00+00') to ('"
                + day.plusDays(1) + " 00:00:00+00')");
        return true;
    }
}
