package org.bss.platform.ops.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The platform's consumer groups as Kafka sees them (every group whose id starts with {@code bss}, as all of the
 * platform's do: bss-store, bss-projection, bss-analytics and its sinks, bss-dead-letters), from {@link ConsumerLag}:
 * {@code bss.consumer.lag} (records past each group's committed offsets, against the last stable offsets) and
 * {@code bss.consumer.progress.age} (seconds since its committed offsets last moved while records were waiting; see
 * {@link ConsumerProgress}). Kafka is asked every 10 s, whatever the roles of this process: every instance reports
 * the same figures, so rules take their maximum.
 */
@Component
class ConsumerGroupGauges {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupGauges.class);
    private static final String PREFIX = "bss";

    private final ConsumerLag lag;
    private final MeterRegistry registry;
    private final Map<String, ConsumerProgress> groups = new ConcurrentHashMap<>();

    ConsumerGroupGauges(ConsumerLag lag, MeterRegistry registry) {
        this.lag = lag;
        this.registry = registry;
    }

    @Scheduled(fixedDelay = 10_000, initialDelay = 5_000)
    synchronized void refresh() {
        try {
            look(lag.read(), System.currentTimeMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("The consumer groups' offsets could not be read: {}", e.toString());
        }
    }

    private void look(ConsumerLag.Snapshot snapshot, long now) {
        for (ConsumerLag.GroupLag group : snapshot.groups()) {
            if (!group.group().startsWith(PREFIX)) {
                continue;
            }
            Map<String, Long> positions = new HashMap<>();
            group.partitions().forEach(p -> positions.put(p.topic() + "-" + p.partition(), p.committed()));
            ConsumerProgress next = ConsumerProgress.next(groups.get(group.group()), positions, group.lag(), now);
            if (groups.put(group.group(), next) == null) {
                register(group.group());
            }
        }
    }

    private void register(String group) {
        Gauge.builder("bss.consumer.lag", groups, all -> all.get(group).lag())
                .description("Records on the group's partitions past its committed offsets").baseUnit("records")
                .tag("group", group).register(registry);
        Gauge.builder("bss.consumer.progress.age", groups, all -> all.get(group).ageSeconds())
                .description("Seconds since the group's committed offsets last moved while it had records to read"
                        + " (0 while it has none)")
                .baseUnit("seconds").tag("group", group).register(registry);
    }
}
