package org.bss.platform.analytics.internal.detect;

/**
 * A tenant's load in the next hour, from its 5-minute event counts. Holt's linear trend on the 5-minute counts
 * answers until two days of hourly counts exist; from then on additive Holt-Winters with a daily season (24 hourly
 * steps) does. Hours are counted from the first 5-minute window fed in, not from the clock: the season is the same
 * whatever minute it starts on.
 *
 * @param fiveMinutes   Holt's linear trend on the 5-minute counts
 * @param hourly        Holt-Winters with a season of 24 on the hourly counts
 * @param hourSoFar     events in the 5-minute windows of the hour under way
 * @param windowsInHour how many of its 12 windows have been fed in
 */
public record LoadForecast(HoltWinters fiveMinutes, HoltWinters hourly, double hourSoFar, int windowsInHour) {

    static final int WINDOWS_PER_HOUR = 12;
    static final int HOURS_PER_DAY = 24;
    private static final double Z95 = 1.96;

    public LoadForecast {
        if (fiveMinutes.period() != 0 || hourly.period() != HOURS_PER_DAY || windowsInHour < 0
                || windowsInHour >= WINDOWS_PER_HOUR) {
            throw new IllegalArgumentException("a load forecast holds a trend of 5-minute counts and a daily season of hours");
        }
    }

    public static LoadForecast start() {
        return new LoadForecast(HoltWinters.start(0), HoltWinters.start(HOURS_PER_DAY), 0, 0);
    }

    public static LoadForecast update(LoadForecast s, double fiveMinuteCount) {
        HoltWinters fiveMinutes = HoltWinters.update(s.fiveMinutes, fiveMinuteCount);
        double hourSoFar = s.hourSoFar + fiveMinuteCount;
        int windows = s.windowsInHour + 1;
        if (windows < WINDOWS_PER_HOUR) {
            return new LoadForecast(fiveMinutes, s.hourly, hourSoFar, windows);
        }
        return new LoadForecast(fiveMinutes, HoltWinters.update(s.hourly, hourSoFar), 0, 0);
    }

    /**
     * The events expected in the next 12 windows. With the daily season: what the hour under way still lacks of its
     * forecast, and the next hour's forecast pro rata to the windows of it that fall within the coming 12, ± 1.96
     * hourly RMSE. Before: the sum of twelve 5-minute
     * forecasts ± 1.96·√12 five-minute RMSE (errors taken as independent, so the interval is rough).
     */
    public static Forecast nextHour(LoadForecast s) {
        if (s.hourly.ready()) {
            double[] hours = HoltWinters.forecast(s.hourly, 2);
            double share = (double) s.windowsInHour / WINDOWS_PER_HOUR;
            double expected = Math.max(0, hours[0] - s.hourSoFar) + hours[1] * share;
            return interval(expected, Z95 * s.hourly.rmse(), true);
        }
        double expected = 0;
        for (double step : HoltWinters.forecast(s.fiveMinutes, WINDOWS_PER_HOUR)) {
            expected += step;
        }
        return interval(expected, Z95 * Math.sqrt(WINDOWS_PER_HOUR) * s.fiveMinutes.rmse(), false);
    }

    private static Forecast interval(double expected, double reach, boolean daily) {
        return new Forecast(expected, Math.max(0, expected - reach), expected + reach, daily);
    }
}
