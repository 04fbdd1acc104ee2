package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.bss.model.Uuid7;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void eventIdsAreUuid7OfTheGivenMillisecondAndIncrease() {
        EventIds ids = new EventIds(new SplittableRandom(3));
        long millis = 1_762_511_400_000L;
        UUID previous = ids.next(millis);
        for (int i = 1; i < 3_000; i++) {
            long now = millis + i / 100;
            UUID id = ids.next(now);

            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(Uuid7.millisOf(id)).isEqualTo(now);
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
    }

    @Test
    void eventIdsKeepIncreasingWhenTheClockStandsStillOrGoesBack() {
        EventIds ids = new EventIds(new SplittableRandom(4));
        long millis = 1_762_511_400_000L;
        UUID previous = ids.next(millis);
        for (int i = 0; i < 20_000; i++) {
            UUID id = ids.next(i % 1000 == 0 ? millis - 50 : millis);
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
        assertThat(Uuid7.millisOf(previous)).isGreaterThan(millis); // 4096 a millisecond, then the next is borrowed
    }

    @Test
    void entityIdsNeverRepeatAndDependOnTheSeed() {
        IdSequence ids = new IdSequence("cus_", 1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String id = ids.next();
            assertThat(id).matches("cus_[0-9a-hjkmnp-tv-z]{12}");
            assertThat(seen.add(id)).as(id).isTrue();
        }
        assertThat(new IdSequence("cus_", 2).next()).isNotEqualTo(new IdSequence("cus_", 1).next());
        assertThat(new IdSequence("ord_", 1).next()).isEqualTo(new IdSequence("ord_", 1).next());
    }

    @Test
    void theScrambleIsABijectionOnSixtyBits() {
        Set<Long> images = new HashSet<>();
        for (long x = 0; x < 100_000; x++) {
            long image = IdSequence.scramble(x);
            assertThat(image).isBetween(0L, (1L << 60) - 1);
            images.add(image);
        }
        assertThat(images).hasSize(100_000);
        assertThat(IdSequence.scramble(1L << 60)).isEqualTo(IdSequence.scramble(0)); // only the low 60 bits count
    }
}
