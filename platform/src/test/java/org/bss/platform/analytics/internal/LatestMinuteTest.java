package org.bss.platform.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A series' gauge shows the figure of the minute that ended last, whatever minute its newest figure is of. */
class LatestMinuteTest {

    private static final long MINUTE = 60_000;
    private static final long M = 1_000 * MINUTE;

    @Test
    void theMinuteStillRunningIsNotShownTheOneBeforeIs() {
        LatestMinute latest = new LatestMinute();
        latest.observe(M, 3);
        latest.observe(M + MINUTE, 1);
        latest.observe(M, 4); // a late event of the minute before

        assertThat(latest.complete(M + MINUTE + 5_000)).isEqualTo(4);
        assertThat(latest.complete(M + 2 * MINUTE + 5_000)).isEqualTo(1);
    }

    @Test
    void aMinuteWithoutAFigureHadNoEvents() {
        LatestMinute latest = new LatestMinute();
        latest.observe(M, 3);

        assertThat(latest.complete(M + 5_000)).as("still running").isZero();
        assertThat(latest.complete(M + MINUTE + 5_000)).isEqualTo(3);
        assertThat(latest.complete(M + 3 * MINUTE)).as("silent since").isZero();
    }

    @Test
    void aFigureOlderThanTheTwoNewestIsIgnored() {
        LatestMinute latest = new LatestMinute();
        latest.observe(M, 3);
        latest.observe(M + MINUTE, 1);
        latest.observe(M - MINUTE, 9);

        assertThat(latest.complete(M + MINUTE + 5_000)).isEqualTo(3);
    }
}
