package org.bss.platform.deadletters.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code bss.dead-letters.held}: the dead letters in the index by stage, cause and status ({@code dead}: waiting for
 * a fix and a redrive; {@code redriven}), counted in {@code dead_letters} every 15 s. Stages and causes are the
 * platform's own few words, so the labels are bounded.
 */
@Component
@ConditionalOnRole(Role.REPLAY)
class DeadLetterGauges {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterGauges.class);

    private record Group(String stage, String cause, String status) {
    }

    private record Count(Group group, long count) {
    }

    private final JdbcClient jdbc;
    private final MeterRegistry registry;
    private final Map<Group, AtomicLong> held = new ConcurrentHashMap<>();

    DeadLetterGauges(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    @Scheduled(fixedDelay = 15_000, initialDelay = 5_000)
    void refresh() {
        List<Count> counts;
        try {
            counts = jdbc.sql("select stage, cause, status, count(*) from dead_letters group by stage, cause, status")
                    .query((rs, row) -> new Count(new Group(rs.getString(1), rs.getString(2), rs.getString(3)),
                            rs.getLong(4)))
                    .list();
        } catch (RuntimeException e) {
            log.debug("The dead letters could not be counted: {}", e.toString());
            return;
        }
        Set<Group> seen = new HashSet<>();
        for (Count count : counts) {
            seen.add(count.group());
            held(count.group()).set(count.count());
        }
        held.forEach((group, count) -> {
            if (!seen.contains(group)) {
                count.set(0);
            }
        });
    }

    private AtomicLong held(Group group) {
        return held.computeIfAbsent(group, g -> {
            AtomicLong count = new AtomicLong();
            Gauge.builder("bss.dead-letters.held", count, AtomicLong::get)
                    .description("Dead letters in the index, by stage, cause and status (dead: not redriven yet)")
                    .tag("stage", g.stage()).tag("cause", g.cause()).tag("status", g.status()).register(registry);
            return count;
        });
    }
}
