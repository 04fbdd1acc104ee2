package org.bss.platform.analytics.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WatchTest {

    static final Thresholds DEFAULTS = Thresholds.defaults();
    static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");

    @Test
    void robustZJudgesNothingBeforeMinHistoryAndThenSeesASpike() {
        RobustZ z = RobustZ.empty();
        Random random = new Random(1);
        for (int t = 0; t < DEFAULTS.minHistory(); t++) {
            assertThat(RobustZ.decide(z, 1_000_000, MetricKind.COUNT, DEFAULTS)).isEmpty();
            z = RobustZ.evolve(z, 50 + 7 * random.nextGaussian(), MetricKind.COUNT, DEFAULTS);
        }
        Verdict spike = RobustZ.decide(z, 250, MetricKind.COUNT, DEFAULTS).orElseThrow();
        assertThat(spike.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(spike.score()).isGreaterThan(DEFAULTS.zCritical());
        assertThat(spike.expectedLow()).isLessThan(50).isGreaterThanOrEqualTo(0);
        assertThat(spike.expectedHigh()).isGreaterThan(50).isLessThan(250);
        assertThat(RobustZ.decide(z, 52, MetricKind.COUNT, DEFAULTS).orElseThrow().anomalous()).isFalse();
    }

    @Test
    void aFlatCountDoesNotFlagAChangeOfOne() {
        RobustZ flatTen = feed(RobustZ.empty(), 10, 60);
        RobustZ flatZero = feed(RobustZ.empty(), 0, 60);
        assertThat(RobustZ.decide(flatTen, 11, MetricKind.COUNT, DEFAULTS).orElseThrow().anomalous()).isFalse();
        assertThat(RobustZ.decide(flatTen, 9, MetricKind.COUNT, DEFAULTS).orElseThrow().anomalous()).isFalse();
        assertThat(RobustZ.decide(flatZero, 1, MetricKind.COUNT, DEFAULTS).orElseThrow().anomalous()).isFalse();
        assertThat(RobustZ.decide(flatZero, 1, MetricKind.AMOUNT, DEFAULTS).orElseThrow().anomalous()).isFalse();
        assertThat(RobustZ.decide(flatZero, 0.02, MetricKind.RATIO, DEFAULTS).orElseThrow().anomalous()).isFalse();
        assertThat(RobustZ.decide(flatZero, 0.05, MetricKind.RATIO, DEFAULTS).orElseThrow().anomalous()).isTrue();
    }

    @Test
    void aSpikeIsClippedIntoTheBaselineButALastingChangeBecomesItWithinTheHour() {
        RobustZ z = feed(RobustZ.empty(), 100, 60);
        RobustZ afterSpike = RobustZ.evolve(z, 10_000, MetricKind.COUNT, DEFAULTS);
        double[] recent = afterSpike.recent();
        assertThat(recent[recent.length - 1]).isEqualTo(100 + RobustZ.widened(DEFAULTS.zWarning(), 59) * 10);

        RobustZ shifted = z;
        int windowsAnomalous = 0;
        for (int t = 0; t < 60; t++) {
            if (RobustZ.decide(shifted, 300, MetricKind.COUNT, DEFAULTS).orElseThrow().anomalous()) {
                windowsAnomalous++;
            }
            shifted = RobustZ.evolve(shifted, 300, MetricKind.COUNT, DEFAULTS);
        }
        assertThat(windowsAnomalous).isBetween(RobustZ.CLIPPED_AT_MOST, 59);
        assertThat(RobustZ.decide(shifted, 300, MetricKind.COUNT, DEFAULTS).orElseThrow().anomalous()).isFalse();
    }

    /**
     * A drop of 40 % for five windows in a series whose noise is 10 % of its level: one window's z-score reaches 4 only
     * when the noise helps, the EWMA chart sees the run of low windows.
     */
    @Test
    void ewmaCatchesASustainedDropThatTheZScoreAloneMayMiss() {
        int runs = 40;
        int ewmaCaught = 0;
        int robustCaught = 0;
        for (int seed = 0; seed < runs; seed++) {
            Random random = new Random(seed);
            Ewma ewma = Ewma.empty();
            RobustZ z = RobustZ.empty();
            boolean ewmaSaw = false;
            boolean robustSaw = false;
            for (int t = 0; t < 125; t++) {
                boolean dropped = t >= 120;
                double x = (dropped ? 60 : 100) + 10 * random.nextGaussian();
                if (dropped) {
                    ewmaSaw |= Ewma.decide(ewma, x, MetricKind.AMOUNT, DEFAULTS).orElseThrow().anomalous();
                    robustSaw |= RobustZ.decide(z, x, MetricKind.AMOUNT, DEFAULTS).orElseThrow().anomalous();
                } else {
                    assertThat(Ewma.decide(ewma, x, MetricKind.AMOUNT, DEFAULTS).map(Verdict::anomalous)).isNotEqualTo(Optional.of(true));
                }
                ewma = Ewma.evolve(ewma, x, MetricKind.AMOUNT, DEFAULTS);
                z = RobustZ.evolve(z, x, MetricKind.AMOUNT, DEFAULTS);
            }
            ewmaCaught += ewmaSaw ? 1 : 0;
            robustCaught += robustSaw ? 1 : 0;
        }
        String figures = "of %d drops, ewma caught %d and robust-z %d".formatted(runs, ewmaCaught, robustCaught);
        System.out.println(figures);
        assertThat(ewmaCaught).as(figures).isGreaterThanOrEqualTo(runs - 2);
        assertThat(robustCaught).as(figures).isLessThan(ewmaCaught - 5);
    }

    @Test
    void ewmaToleratesTrafficThatStartsToRampUp() {
        Ewma ewma = Ewma.empty();
        Random random = new Random(3);
        for (int t = 0; t < 300; t++) {
            double x = 2000 + 3 * Math.max(0, t - 60) + 45 * random.nextGaussian();
            assertThat(Ewma.decide(ewma, x, MetricKind.COUNT, DEFAULTS).map(Verdict::anomalous)).as("window %d", t)
                    .isNotEqualTo(Optional.of(true));
            ewma = Ewma.evolve(ewma, x, MetricKind.COUNT, DEFAULTS);
        }
    }

    /**
     * Three weeks of a metric with a sharp Monday-morning peak. In the third week the seasonal detector knows the peak:
     * the rise that robust-z sees against the quiet hour before is overruled, while a drop at the peak is flagged.
     */
    /**
     * A minute's revenue from about 60 orders whose amounts have a long tail (log-normal, σ 1.2): now and then one
     * large order doubles the minute. On a log scale such minutes are ordinary; a jump of every price by five is not.
     */
    @Test
    void revenueIsJudgedOnALogScaleSoOneLargeOrderIsNoNewsButPricesTimesFiveAre() {
        Random random = new Random(11);
        Watch watch = Watch.start(MetricKind.AMOUNT);
        Instant minute = MONDAY;
        int falseAlarms = 0;
        int minutes = 24 * 60;
        for (int t = 0; t < minutes; t++, minute = minute.plusSeconds(60)) {
            double x = revenue(random, 1);
            if (Watch.decide(watch, x, minute, DEFAULTS).stream().anyMatch(Verdict::anomalous)) {
                falseAlarms++;
            }
            watch = Watch.evolve(watch, x, minute, DEFAULTS);
        }
        assertThat(falseAlarms).as("false alarms in a day of minutes").isLessThanOrEqualTo(6);

        double jumped = revenue(random, 5);
        List<Verdict> verdicts = Watch.decide(watch, jumped, minute, DEFAULTS);
        Verdict z = verdicts.stream().filter(v -> v.detector() == Detector.ROBUST_Z).findFirst().orElseThrow();
        assertThat(z.anomalous()).isTrue();
        assertThat(z.observed()).as("in money units").isCloseTo(jumped, org.assertj.core.data.Offset.offset(1e-6 * jumped));
        assertThat(z.expectedHigh()).as("the usual minute, some 60 orders of about 40").isBetween(2_000.0, jumped);
        assertThat(z.expectedLow()).isBetween(0.0, 2_400.0);
    }

    private static double revenue(Random random, double priceFactor) {
        int orders = 50 + random.nextInt(21);
        double sum = 0;
        for (int i = 0; i < orders; i++) {
            sum += priceFactor * Math.exp(Math.log(40) + 1.2 * random.nextGaussian());
        }
        return Math.round(sum * 100) / 100.0;
    }

    @Test
    void aMondayMorningPeakIsUsualOnceSeenWhileADropAtThePeakIsNot() {
        Random random = new Random(11);
        Watch watch = Watch.start(MetricKind.COUNT);
        int week = 7 * 24 * 60;
        for (int t = 0; t < 2 * week; t++) {
            double x = poissonish(weekly(t), random);
            watch = Watch.evolve(watch, x, MONDAY.plus(Duration.ofMinutes(t)), DEFAULTS);
        }
        for (int t = 2 * week; t < 2 * week + 9 * 60; t++) {
            watch = Watch.evolve(watch, poissonish(weekly(t), random), MONDAY.plus(Duration.ofMinutes(t)), DEFAULTS);
        }
        int peak = 2 * week + 9 * 60 + 5;
        Watch atPeak = watch;
        for (int t = 2 * week + 9 * 60; t < peak; t++) {
            atPeak = Watch.evolve(atPeak, poissonish(weekly(t), random), MONDAY.plus(Duration.ofMinutes(t)), DEFAULTS);
        }
        Instant window = MONDAY.plus(Duration.ofMinutes(peak));
        double usual = weekly(peak);

        assertThat(RobustZ.decide(atPeak.robustZ(), usual, MetricKind.COUNT, DEFAULTS).orElseThrow().anomalous())
                .as("robust-z alone sees the rise").isTrue();
        List<Verdict> verdicts = Watch.decide(atPeak, usual, window, DEFAULTS);
        assertThat(verdicts).extracting(Verdict::detector)
                .containsExactly(Detector.ROBUST_Z, Detector.EWMA, Detector.SEASONAL);
        assertThat(verdicts).noneMatch(Verdict::anomalous);

        List<Verdict> drop = Watch.decide(atPeak, usual * 0.5, window, DEFAULTS);
        assertThat(drop).filteredOn(v -> v.detector() == Detector.SEASONAL).singleElement()
                .satisfies(v -> assertThat(v.anomalous()).isTrue())
                .satisfies(v -> assertThat(v.basis()).isEqualTo(2));
        Json.roundTrip(atPeak, Watch.class);
    }

    @Test
    void seasonalBucketsAreHoursOfTheWeekInUtc() {
        assertThat(Seasonal.bucket(MONDAY)).isZero();
        assertThat(Seasonal.bucket(MONDAY.plus(Duration.ofMinutes(59)))).isZero();
        assertThat(Seasonal.bucket(MONDAY.plus(Duration.ofHours(9)))).isEqualTo(9);
        assertThat(Seasonal.bucket(MONDAY.minus(Duration.ofMinutes(1)))).isEqualTo(167);
        assertThat(Seasonal.week(MONDAY)).isEqualTo(Seasonal.week(MONDAY.plus(Duration.ofDays(7)).minusSeconds(1)));
        assertThat(Seasonal.week(MONDAY.plus(Duration.ofDays(7)))).isEqualTo(Seasonal.week(MONDAY) + 1);
    }

    @Test
    void aWatchRoundTripsThroughJsonAndJudgesTheSameAfterwards() {
        Watch watch = Watch.start(MetricKind.RATIO);
        Random random = new Random(2);
        for (int t = 0; t < 90; t++) {
            watch = Watch.evolve(watch, 0.1 + 0.01 * random.nextGaussian(), MONDAY.plus(Duration.ofMinutes(t)), DEFAULTS);
        }
        Watch back = Json.roundTrip(watch, Watch.class);
        Instant next = MONDAY.plus(Duration.ofMinutes(90));
        assertThat(Watch.decide(back, 0.3, next, DEFAULTS)).isEqualTo(Watch.decide(watch, 0.3, next, DEFAULTS));
    }

    private static RobustZ feed(RobustZ z, double value, int windows) {
        for (int t = 0; t < windows; t++) {
            z = RobustZ.evolve(z, value, MetricKind.COUNT, DEFAULTS);
        }
        return z;
    }

    /** Quiet at 100 a minute, and 600 a minute from 09:00 to 11:00 on Mondays. */
    private static double weekly(int minute) {
        int ofWeek = minute % (7 * 24 * 60);
        return ofWeek >= 9 * 60 && ofWeek < 11 * 60 ? 600 : 100;
    }

    private static double poissonish(double mean, Random random) {
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
}
