package org.bss.platform.projection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** After a failure reads skip Redis for the period; then one read tries it, and its success lets every read through. */
class BreakerTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Breaker breaker = new Breaker(Duration.ofNanos(100), now::get);

    @Test
    void closedLetsEveryReadThrough() {
        assertThat(breaker.isClosed()).isTrue();
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.allows()).isTrue();
    }

    @Test
    void afterAFailureNoneUntilThePeriodEndsThenOneOnly() {
        assertThat(breaker.failed()).as("it just opened").isTrue();
        assertThat(breaker.failed()).as("open already").isFalse();
        now.addAndGet(99);
        assertThat(breaker.allows()).isFalse();

        now.addAndGet(1);
        assertThat(breaker.allows()).as("the one that tries again").isTrue();
        assertThat(breaker.allows()).as("the others wait for it").isFalse();
        assertThat(breaker.isClosed()).isFalse();

        breaker.succeeded();
        assertThat(breaker.isClosed()).isTrue();
        assertThat(breaker.allows()).isTrue();
    }

    @Test
    void aFailedRetryOpensItForAnotherPeriod() {
        breaker.failed();
        now.addAndGet(100);
        assertThat(breaker.allows()).isTrue();

        breaker.failed();
        now.addAndGet(99);
        assertThat(breaker.allows()).isFalse();
        now.addAndGet(1);
        assertThat(breaker.allows()).isTrue();
    }
}
