package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    private static List<Long> dueTimes(Scenario scenario, int eventsPerRequest) {
        ArrivalSchedule schedule = new ArrivalSchedule(scenario, eventsPerRequest);
        List<Long> due = new ArrayList<>();
        while (schedule.hasNext()) {
            due.add(schedule.next());
        }
        return due;
    }

    private static long countBetween(List<Long> due, double fromSeconds, double toSeconds) {
        return due.stream().filter(t -> t >= fromSeconds * 1e9 && t < toSeconds * 1e9).count();
    }

    @Test
    void steadyRequestsAreEvenlySpacedFromTheStart() {
        List<Long> due = dueTimes(Scenario.Constant.steady(100, Duration.ofSeconds(10)), 1);

        assertThat(due).hasSize(1000);
        assertThat(due.getFirst()).isZero();
        for (int i = 1; i < due.size(); i++) {
            assertThat(due.get(i) - due.get(i - 1)).isEqualTo(10_000_000L);
        }
        assertThat(due.getLast()).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void batchesDivideTheRequestRateNotTheEventRate() {
        List<Long> due = dueTimes(Scenario.Constant.steady(25_000, Duration.ofSeconds(4)), 100);

        assertThat(due).hasSize(1000); // 25,000 events/s = 250 requests/s of 100
        assertThat(due.get(1) - due.get(0)).isEqualTo(4_000_000L);
    }

    @Test
    void theRateNeedNotDivideASecond() {
        // 6,667/s: 400,000 a minute.
        List<Long> due = dueTimes(Scenario.Constant.steady(400_000 / 60.0, Duration.ofSeconds(60)), 1);

        assertThat((double) due.size()).isCloseTo(400_000, within(60.0));
    }

    @Test
    void aRampRisesLinearlyAndSendsTheAreaUnderItsLine() {
        List<Long> due = dueTimes(new Scenario.Ramp(100, 1100, Duration.ofSeconds(10)), 1);

        // The integral of 100 + 100 t over 10 s.
        assertThat((double) due.size()).isCloseTo(6000, within(15.0));
        assertThat(countBetween(due, 0, 1)).isBetween(145L, 155L);   // around 150/s in the first second
        assertThat(countBetween(due, 9, 10)).isBetween(1045L, 1055L); // around 1050/s in the last
    }

    @Test
    void aSpikeDoublesTheRateForItsWindowOnly() {
        List<Long> due = dueTimes(new Scenario.Spike(200, Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(2), 2), 1);

        assertThat(countBetween(due, 0, 4)).isEqualTo(800);
        assertThat(countBetween(due, 4, 6)).isBetween(799L, 801L);   // 400/s for 2 s
        assertThat(countBetween(due, 6, 10)).isBetween(799L, 801L);
        assertThat(new Scenario.Spike(200, Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(2), 2).rateAt(5))
                .isEqualTo(400);
    }

    @Test
    void theScheduleDoesNotDependOnWhenItIsRead() {
        ArrivalSchedule schedule = new ArrivalSchedule(Scenario.Constant.steady(1000, Duration.ofSeconds(1)), 1);
        long peeked = schedule.peek();

        assertThat(schedule.next()).isEqualTo(peeked);
        assertThat(schedule.next()).isEqualTo(1_000_000L);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new ArrivalSchedule(Scenario.Constant.steady(10, Duration.ofSeconds(1)), 0))
                .hasMessageContaining("at least one event");
        assertThatThrownBy(() -> Scenario.Constant.steady(0, Duration.ofSeconds(1))).hasMessageContaining("rate must be a positive number");
        assertThatThrownBy(() -> new Scenario.Spike(10, Duration.ofSeconds(1), Duration.ofSeconds(0), Duration.ZERO, 2))
                .hasMessageContaining("positive length");
    }
}
