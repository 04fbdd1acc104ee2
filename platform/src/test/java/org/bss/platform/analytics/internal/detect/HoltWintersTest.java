package org.bss.platform.analytics.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HoltWintersTest {

    @Test
    void holtExtrapolatesALinearTrend() {
        HoltWinters holt = HoltWinters.start(0);
        for (int t = 0; t < 100; t++) {
            holt = HoltWinters.update(holt, 500 + 3.0 * t);
        }
        double[] next = HoltWinters.forecast(holt, 12);
        for (int h = 1; h <= 12; h++) {
            assertThat(next[h - 1]).isCloseTo(500 + 3.0 * (99 + h), within(0.5));
        }
    }

    @Test
    void aDailySineWithNoiseIsForecastWithinFourPercentOfItsMeanOverTheNextDay() {
        Random random = new Random(5);
        HoltWinters hw = HoltWinters.start(24);
        int days = 6;
        for (int t = 0; t < days * 24; t++) {
            hw = HoltWinters.update(hw, daily(t) + 300 * random.nextGaussian());
        }
        double[] next = HoltWinters.forecast(hw, 24);
        double worst = 0;
        for (int h = 1; h <= 24; h++) {
            worst = Math.max(worst, Math.abs(next[h - 1] - daily(days * 24 + h - 1)));
        }
        assertThat(worst).as("largest error over the next day: %.0f events an hour (mean 10,000, noise 300)", worst)
                .isLessThan(400.0);
        assertThat(hw.rmse()).as("one-step RMSE against noise of 300").isBetween(200.0, 500.0);
    }

    @Test
    void forecastsAreNeverNegative() {
        HoltWinters falling = HoltWinters.start(0);
        for (int t = 0; t < 50; t++) {
            falling = HoltWinters.update(falling, Math.max(0, 400 - 10.0 * t));
        }
        HoltWinters seasonal = HoltWinters.start(24);
        for (int t = 0; t < 72; t++) {
            seasonal = HoltWinters.update(seasonal, t % 24 < 6 ? 0 : 1000 - 20.0 * t);
        }
        assertThat(java.util.Arrays.stream(HoltWinters.forecast(falling, 48)).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(java.util.Arrays.stream(HoltWinters.forecast(seasonal, 48)).min().orElseThrow()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void beforeItHasStartedItForecastsTheMeanOfWhatItSaw() {
        HoltWinters hw = HoltWinters.update(HoltWinters.update(HoltWinters.start(24), 10), 30);
        assertThat(hw.ready()).isFalse();
        assertThat(HoltWinters.forecast(hw, 3)).containsExactly(20, 20, 20);
        assertThat(HoltWinters.forecast(HoltWinters.start(0), 2)).containsExactly(0, 0);
    }

    @Test
    void theLoadForecastSwitchesToTheDailySeasonOnceTwoDaysOfHoursExist() {
        Random random = new Random(9);
        LoadForecast load = LoadForecast.start();
        int windowsPerDay = 24 * 12;
        for (int w = 0; w < 2 * windowsPerDay - 1; w++) {
            load = LoadForecast.update(load, fiveMinutes(w, random));
        }
        assertThat(LoadForecast.nextHour(load).daily()).isFalse();
        load = LoadForecast.update(load, fiveMinutes(2 * windowsPerDay - 1, random));
        assertThat(LoadForecast.nextHour(load).daily()).isTrue();

        for (int w = 2 * windowsPerDay; w < 4 * windowsPerDay + 5; w++) {
            load = LoadForecast.update(load, fiveMinutes(w, random));
        }
        Forecast next = LoadForecast.nextHour(load);
        double actual = 0;
        for (int w = 4 * windowsPerDay + 5; w < 4 * windowsPerDay + 17; w++) {
            actual += daily(w / 12.0) / 12;
        }
        assertThat(next.daily()).isTrue();
        assertThat(next.expected()).as("forecast %s against an expected %.0f", next, actual)
                .isCloseTo(actual, within(0.05 * actual));
        assertThat(actual).isBetween(next.low(), next.high());
        Json.roundTrip(load, LoadForecast.class);
    }

    @Test
    void theFiveMinuteTrendAnswersTheFirstTwoDays() {
        LoadForecast load = LoadForecast.start();
        for (int w = 0; w < 30; w++) {
            load = LoadForecast.update(load, 100 + w);
        }
        Forecast next = LoadForecast.nextHour(load);
        double actual = 0;
        for (int w = 30; w < 42; w++) {
            actual += 100 + w;
        }
        assertThat(next.daily()).isFalse();
        assertThat(next.expected()).isCloseTo(actual, within(1.0));
    }

    /** An hourly count with a daily cycle between 2,000 and 18,000 events. */
    private static double daily(double hour) {
        return 10_000 + 8_000 * Math.sin(2 * Math.PI * hour / 24);
    }

    private static double fiveMinutes(int window, Random random) {
        return Math.max(0, daily(window / 12.0) / 12 + 30 * random.nextGaussian());
    }
}
