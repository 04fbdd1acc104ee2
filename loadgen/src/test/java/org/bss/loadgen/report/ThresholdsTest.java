package org.bss.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    /** 1,000 requests, the given number answered 503, p99 as given. */
    private static Totals totals(long errors, double p99Ms) {
        return new Totals(10, 1_000, 1_000, 1_000, 1_000 - errors,
                new TreeMap<>(errors == 0 ? Map.of(202, 1_000L) : Map.of(202, 1_000 - errors, 503, errors)),
                2, 5, p99Ms, p99Ms, p99Ms, p99Ms, 3, List.of(), List.of(), Reads.NONE, 10, 0);
    }

    /** A run that sent its events over a schedule, some of them accepted, and ended so far behind its schedule. */
    private static Totals paced(long sent, long accepted, double scheduledSeconds, double behindSeconds) {
        return new Totals(scheduledSeconds + behindSeconds, sent, sent, sent, accepted, new TreeMap<>(Map.of(202, sent)),
                1, 1, 1, 1, 1, 1, 1, List.of(), List.of(), Reads.NONE, scheduledSeconds, behindSeconds);
    }

    private static final Thresholds RATE_99 = new Thresholds(null, null, null, null, 99.0);

    @Test
    void aRunWithinEveryLimitPasses() {
        Thresholds thresholds = new Thresholds(50.0, 0.01, 0L);

        assertThat(thresholds.evaluate(totals(10, 49.9), 0L)).isEmpty();
    }

    @Test
    void noThresholdsAlwaysPass() {
        assertThat(Thresholds.none().evaluate(totals(1_000, 99_999), null)).isEmpty();
        assertThat(Thresholds.none().isEmpty()).isTrue();
        assertThat(Thresholds.none().describe()).isEqualTo("none");
    }

    @Test
    void aSlowP99Fails() {
        assertThat(new Thresholds(50.0, null, null).evaluate(totals(0, 63.2), null))
                .containsExactly("p99 63.2 ms > 50 ms");
    }

    @Test
    void tooManyErrorsFail() {
        assertThat(new Thresholds(null, 0.01, null).evaluate(totals(25, 1), null))
                .containsExactly("error rate 2.50% > 1% (25 of 1,000 requests not 2xx)");
    }

    @Test
    void unansweredRequestsCountAsErrors() {
        Totals halfAnswered = new Totals(10, 1_000, 500, 1_000, 500, new TreeMap<>(Map.of(202, 500L)),
                1, 1, 1, 1, 1, 1, 1, List.of(), List.of(), Reads.NONE, 10, 0);

        assertThat(new Thresholds(null, 0.1, null).evaluate(halfAnswered, null))
                .containsExactly("error rate 50.00% > 10% (500 of 1,000 requests not 2xx)");
    }

    @Test
    void lostEventsFail() {
        assertThat(new Thresholds(null, null, 0L).evaluate(totals(0, 1), 3L))
                .containsExactly("lost 3 events > 0 (missing + duplicated)");
        assertThat(new Thresholds(null, null, 5L).evaluate(totals(0, 1), 5L)).isEmpty();
    }

    @Test
    void aLimitThatCannotBeCheckedFails() {
        Totals nothing = new Totals(0, 0, 0, 0, 0, new TreeMap<>(), 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(),
                Reads.NONE, 0, 0);

        assertThat(new Thresholds(50.0, 0.01, 0L).evaluate(nothing, null)).containsExactly(
                "p99 unknown: no responses (limit 50 ms)",
                "lost events unknown: not verified (limit 0)");
    }

    @Test
    void streamDeliveriesMissedDuplicatedOrUnexpectedFailBeyondTheirLimit() {
        Deliveries deliveries = new Deliveries("GET /api/v1/stream", "none", 1, "done", List.of(
                new Deliveries.Subscriber(1, "t", 10, 9, 1, 0, 3, 0, 0),
                new Deliveries.Subscriber(2, "t", 10, 10, 0, 1, 0, 0, 0)),
                new Deliveries.Latency(0, 0, 0, 0, 0), List.of(), List.of());

        assertThat(new Thresholds(null, null, null, 3L).evaluate(totals(0, 1), null, deliveries)).isEmpty();
        assertThat(new Thresholds(null, null, null, 2L).evaluate(totals(0, 1), null, deliveries)).containsExactly(
                "stream subscribers: 3 events missed, duplicated or unexpected > 2 (missed 1, duplicates 1, unexpected 1)");
        assertThat(new Thresholds(null, null, null, 0L).evaluate(totals(0, 1), null, null))
                .containsExactly("stream deliveries unknown: no subscribers (limit 0)");
        assertThat(new Thresholds(null, null, null, 0L).describe()).isEqualTo("missed by subscribers <= 0");
        assertThat(new Thresholds(null, null, null, 0L).isEmpty()).isFalse();
    }

    @Test
    void aRunThatFellBehindItsScheduleMissesItsRate() {
        assertThat(RATE_99.evaluate(paced(400_000, 400_000, 60, 36), null)).containsExactly(
                "rate 4,167 events/s accepted < 99% of the 6,667 events/s asked (62.50%: 400,000 of 400,000 events "
                        + "accepted, the run 36 s behind its 60 s schedule at the end)");
    }

    @Test
    void eventsTheRunSentOnScheduleButThePlatformRefusedMissTheRateToo() {
        assertThat(RATE_99.evaluate(paced(400_000, 300_000, 60, 0), null)).containsExactly(
                "rate 5,000 events/s accepted < 99% of the 6,667 events/s asked (75.00%: 300,000 of 400,000 events "
                        + "accepted, the run on its 60 s schedule)");
    }

    @Test
    void aRunWithinTheLimitOfItsRatePasses() {
        assertThat(RATE_99.evaluate(paced(400_000, 398_000, 60, 0), null)).isEmpty();
        assertThat(RATE_99.evaluate(paced(400_000, 400_000, 60, 0.5), null)).as("half a second behind a minute").isEmpty();
        assertThat(RATE_99.evaluate(paced(400_000, 400_000, 60, 1), null)).as("a second behind a minute").hasSize(1);
        assertThat(new Thresholds(null, null, null, null, 50.0).evaluate(paced(400_000, 400_000, 60, 36), null)).isEmpty();
    }

    @Test
    void aRunThatAskedForNoEventsKeepsAnyRateAndARunWithoutItsScheduleCannotBeJudged() {
        assertThat(RATE_99.evaluate(paced(0, 0, 60, 0), null)).as("reads only").isEmpty();
        assertThat(RATE_99.evaluate(paced(1_000, 1_000, 0, 0), null))
                .containsExactly("rate unknown: no schedule to judge it by (limit 99% of asked)");
    }

    @Test
    void theRateLimitIsDescribedFirst() {
        Thresholds thresholds = new Thresholds(50.0, null, 0L, null, 99.0);

        assertThat(thresholds.describe()).isEqualTo("accepted rate >= 99% of asked, p99 <= 50 ms, lost <= 0");
        assertThat(RATE_99.isEmpty()).isFalse();
        assertThat(RATE_99).isEqualTo(new Thresholds(null, null, null, null, 99.0));
        assertThat(new Thresholds(null, null, null, 0L)).isEqualTo(new Thresholds(null, null, null, 0L, null));
    }

    @Test
    void everyBrokenLimitIsReported() {
        assertThat(new Thresholds(10.0, 0.001, 0L).evaluate(totals(100, 20), 1L)).hasSize(3);
    }

    @Test
    void describesTheLimits() {
        assertThat(new Thresholds(50.0, 0.005, 0L).describe()).isEqualTo("p99 <= 50 ms, error rate <= 0.5%, lost <= 0");
    }
}
