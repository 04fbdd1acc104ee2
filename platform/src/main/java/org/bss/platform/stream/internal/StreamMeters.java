package org.bss.platform.stream.internal;

import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.stereotype.Component;

/** The stream's meters: what was written to subscribers and how long after acceptance, overflows, catch-ups. */
@Component
@ConditionalOnRole(Role.STREAM)
class StreamMeters {

    private final Timer delay;
    private final Counter delivered;
    private final Counter caughtUp;
    private final Counter overflows;
    private final Counter refused;

    StreamMeters(MeterRegistry meters) {
        this.delay = Timer.builder("bss.stream.delay").description("Accept to written to a live subscriber")
                .publishPercentileHistogram().register(meters);
        this.delivered = Counter.builder("bss.stream.delivered").description("Events written to subscribers, live")
                .register(meters);
        this.caughtUp = Counter.builder("bss.stream.caught.up")
                .description("Events written to returning subscribers from the store").register(meters);
        this.overflows = Counter.builder("bss.stream.overflows")
                .description("Subscribers closed because their buffer was full").register(meters);
        this.refused = Counter.builder("bss.stream.refused")
                .description("Streams refused because the tenant had as many open as allowed").register(meters);
    }

    void delivered(long acceptedAtMillis, long nowMillis) {
        delivered.increment();
        delay.record(Math.max(0, nowMillis - acceptedAtMillis), TimeUnit.MILLISECONDS);
    }

    void caughtUp() {
        caughtUp.increment();
    }

    void overflow() {
        overflows.increment();
    }

    void refused() {
        refused.increment();
    }
}
