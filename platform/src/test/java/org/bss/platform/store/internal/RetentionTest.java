package org.bss.platform.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.bss.platform.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Daily partitions exist ahead of time; days past the retention are dropped, and shorter tenant retentions apply. A
 * whole day is dropped only past the longest retention of any tenant, so the other tests of this JVM leave no tenant
 * with a retention over the default 30 days.
 */
class RetentionTest extends ApiTest {

    @Autowired
    PartitionMaintenance partitions;
    @Autowired
    EventBatchWriter writer;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void partitionsAreCreatedAheadForSevenDays() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        assertThat(partitions.partitionDays()).containsAll(today.datesUntil(today.plusDays(8)).toList());
    }

    @Test
    void aDayOlderThanTheRetentionIsDroppedWithItsEvents() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String tenant = tenant();
        Instant old = today.minusDays(45).atTime(12, 0).toInstant(ZoneOffset.UTC);
        writer.write(List.of(StoredEvent.of(StoreTestEvents.bus(tenant, "old", "application/json", "{}", old), 0, 0)));
        assertThat(partitions.partitionDays()).contains(today.minusDays(45));
        assertThat(count(tenant)).isEqualTo(1);

        partitions.applyRetention(today);

        assertThat(partitions.partitionDays()).doesNotContain(today.minusDays(45)).contains(today.minusDays(1));
        assertThat(count(tenant)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from event_keys where tenant_id = ?", Integer.class, tenant)).isZero();
    }

    @Test
    void aTenantWithAShorterRetentionLosesOnlyItsOwnOlderEvents() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String shortLived = tenant();
        String other = tenant();
        jdbc.update("update tenants set retention_days = 3 where tenant_id = ?", shortLived);
        Instant fiveDaysAgo = Instant.now().minus(Duration.ofDays(5));
        writer.write(List.of(
                StoredEvent.of(StoreTestEvents.bus(shortLived, "five-days", "application/json", "{}", fiveDaysAgo), 0, 0),
                StoredEvent.of(StoreTestEvents.bus(shortLived, "today", "application/json", "{}", Instant.now()), 0, 1),
                StoredEvent.of(StoreTestEvents.bus(other, "five-days", "application/json", "{}", fiveDaysAgo), 0, 2)));

        partitions.applyRetention(today);

        assertThat(jdbc.queryForList("select id from events where tenant_id = ?", String.class, shortLived)).containsExactly("today");
        assertThat(jdbc.queryForList("select id from events where tenant_id = ?", String.class, other)).containsExactly("five-days");
    }

    @Test
    void aTenantOnTheDefaultRetentionLosesItsOldEventsEvenWhenAnotherKeepsLonger() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String keepsLong = tenant();
        String onDefault = tenant();
        jdbc.update("update tenants set retention_days = 400 where tenant_id = ?", keepsLong);
        Instant fortyDaysAgo = Instant.now().minus(Duration.ofDays(40));
        writer.write(List.of(
                StoredEvent.of(StoreTestEvents.bus(keepsLong, "old", "application/json", "{}", fortyDaysAgo), 0, 0),
                StoredEvent.of(StoreTestEvents.bus(onDefault, "old", "application/json", "{}", fortyDaysAgo), 0, 1)));
        try {
            partitions.applyRetention(today);

            assertThat(count(keepsLong)).isEqualTo(1);
            assertThat(count(onDefault)).isZero();
        } finally {
            jdbc.update("update tenants set retention_days = null where tenant_id = ?", keepsLong);
        }
    }

    private String tenant() {
        String tenant = "ret-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        return tenant;
    }

    private int count(String tenant) {
        return jdbc.queryForObject("select count(*) from events where tenant_id = ?", Integer.class, tenant);
    }
}
