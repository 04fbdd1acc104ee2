package org.bss.platform.analytics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param applicationId    the Kafka Streams application id: its consumer group and the prefix of its internal
 *                         topics (changelogs, repartitions)
 * @param grace            how long after its time an event still counts in its window; a later event is counted
 *                         as late ({@code quality.late}) and left out of the windows
 * @param commitInterval   how often the application commits (exactly once): the delay of a window's figures
 * @param threads          stream threads of this instance
 * @param stateDir         where Kafka Streams keeps its local files; none: a fresh temporary folder each start
 *                         (the stores are restored from their changelogs and topics)
 * @param storeMemory      off-heap memory of the stores that grow with the customers (RocksDB's block cache and
 *                         write buffers, shared by all of them in the JVM)
 * @param enrich           whether each event is also written, with its customer's segment, country and status as
 *                         extensions, to {@code enrichedTopic}: for consumers outside the platform (nothing in it
 *                         reads the topic), so off by default, since it doubles what Kafka takes per event
 * @param enrichedTopic    the events with their customers (CloudEvents binary mode, like bss.events)
 * @param aggregatedTopic  the windows' figures (compacted; key tenant, metric, cut, window, start)
 * @param alertsTopic      alerts opened and resolved
 * @param customersTopic   the customers' segment, country and status as analytics knows them (compacted)
 * @param thresholdsTopic  each tenant's detection thresholds (compacted)
 * @param detectEvery      how often closed windows are looked for and judged
 * @param keepMinutes      how long 1-minute figures are kept in PostgreSQL
 * @param keepFiveMinutes  how long 5-minute figures are kept
 * @param keepHours        how long 1-hour figures are kept
 * @param hotTenantShare   a tenant taking more than this share of a minute's events (with at least two tenants
 *                         sending) raises a hot-tenant alert
 * @param hotPartitionShare a partition of bss.events taking more than this share of a minute's events raises a
 *                         hot-partition alert
 * @param hotMinEvents     a minute with fewer events than this is not judged for hot spots
 */
@ConfigurationProperties(prefix = "bss.analytics")
public record AnalyticsProperties(
        @DefaultValue("bss-analytics") String applicationId,
        @DefaultValue("60s") Duration grace,
        @DefaultValue("1s") Duration commitInterval,
        @DefaultValue("1") int threads,
        String stateDir,
        @DefaultValue("64MB") DataSize storeMemory,
        @DefaultValue("false") boolean enrich,
        @DefaultValue("bss.events.enriched") String enrichedTopic,
        @DefaultValue("bss.events.aggregated") String aggregatedTopic,
        @DefaultValue("bss.alerts") String alertsTopic,
        @DefaultValue("bss.analytics.customers") String customersTopic,
        @DefaultValue("bss.analytics.thresholds") String thresholdsTopic,
        @DefaultValue("5s") Duration detectEvery,
        @DefaultValue("2d") Duration keepMinutes,
        @DefaultValue("35d") Duration keepFiveMinutes,
        @DefaultValue("400d") Duration keepHours,
        @DefaultValue("0.5") double hotTenantShare,
        @DefaultValue("0.25") double hotPartitionShare,
        @DefaultValue("1000") long hotMinEvents) {

    public AnalyticsProperties {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("bss.analytics.grace must not be negative");
        }
        if (storeMemory.toBytes() < DataSize.ofMegabytes(8).toBytes()) {
            throw new IllegalArgumentException("bss.analytics.store-memory must be at least 8MB");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("bss.analytics.threads must be at least 1");
        }
        if (!(hotTenantShare > 0 && hotTenantShare <= 1) || !(hotPartitionShare > 0 && hotPartitionShare <= 1)) {
            throw new IllegalArgumentException("bss.analytics.hot-*-share must be in (0, 1]");
        }
    }
}
