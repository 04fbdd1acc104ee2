package org.bss.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a scenario counts as recovered: five seconds in a row at 90 % of the target with p99 near its steady level. */
class ScenarioResultTest {

    /** Seconds 0..n-1: {start, accepted/s, target/s, p99 ms, 503s, no answers}. */
    private static List<double[]> run(int n, int downFrom, int downTo, int slowUntil) {
        List<double[]> seconds = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            boolean down = s >= downFrom && s < downTo;
            boolean slow = s >= downTo && s < slowUntil;
            seconds.add(new double[] {s, down ? 0 : slow ? 3000 : 3300, 3333, down ? 5000 : slow ? 800 : 20, down ? 50 : 0, 0});
        }
        return seconds;
    }

    @Test
    void recoveryStartsWhenTheRateAndLatencyHoldAgain() {
        assertThat(ScenarioResult.recovery(run(60, 20, 30, 37), 30, 20)).isEqualTo(7);
    }

    @Test
    void aRunThatNeverHoldsTheRateAgainHasNotRecovered() {
        assertThat(ScenarioResult.recovery(run(40, 20, 40, 40), 30, 20)).isEqualTo(-1);
    }

    @Test
    void aFaultThatClientsDidNotFeelRecoversAtOnce() {
        assertThat(ScenarioResult.recovery(run(60, 0, 0, 0), 30, 20)).isZero();
    }

    @Test
    void fourGoodSecondsAreNotYetARecovery() {
        List<double[]> seconds = run(60, 20, 30, 30);
        seconds.get(34)[1] = 100;
        assertThat(ScenarioResult.recovery(seconds, 30, 20)).isEqualTo(5);
    }
}
