package org.bss.platform.ops.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A group is stalled only while records wait and its committed offsets stand still. */
class ConsumerProgressTest {

    @Test
    void theAgeGrowsWhileRecordsWaitAndNoOffsetMoves() {
        ConsumerProgress first = ConsumerProgress.next(null, Map.of("bss.events-0", 10L), 5, 1_000);
        ConsumerProgress stuck = ConsumerProgress.next(first, Map.of("bss.events-0", 10L), 7, 31_000);

        ConsumerProgress stillStuck = ConsumerProgress.next(stuck, Map.of("bss.events-0", 10L), 9, 61_000);

        assertThat(first.ageSeconds()).isZero();
        assertThat(stuck.lag()).isEqualTo(7);
        assertThat(stuck.ageSeconds()).isEqualTo(30.0);
        assertThat(stillStuck.ageSeconds()).isEqualTo(60.0);
    }

    @Test
    void aMovedOffsetIsProgress() {
        ConsumerProgress first = ConsumerProgress.next(null, Map.of("bss.events-0", 10L, "bss.events-1", 4L), 5, 1_000);
        ConsumerProgress moved = ConsumerProgress.next(first, Map.of("bss.events-0", 10L, "bss.events-1", 5L), 5, 31_000);

        ConsumerProgress later = ConsumerProgress.next(moved, Map.of("bss.events-0", 10L, "bss.events-1", 5L), 5, 41_000);

        assertThat(moved.ageSeconds()).isZero();
        assertThat(later.ageSeconds()).isEqualTo(10.0);
    }

    @Test
    void anIdleGroupWithNothingToReadIsNotStalled() {
        ConsumerProgress first = ConsumerProgress.next(null, Map.of("bss.events-0", 10L), 0, 1_000);
        ConsumerProgress idle = ConsumerProgress.next(first, Map.of("bss.events-0", 10L), 0, 601_000);

        assertThat(idle.ageSeconds()).isZero();
    }
}
