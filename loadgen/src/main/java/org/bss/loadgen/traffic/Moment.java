package org.bss.loadgen.traffic;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The texts of the current instant that events carry (RFC 3339 timestamp with millis, today's date, a due
 * date, last month's billing period, ...). Thousands of events share a millisecond and millions a day, so each
 * text is built only when its millisecond, quarter-hour or day changes.
 */
final class Moment {

    private static final long QUARTER_HOUR = 15 * 60 * 1000L;
    static final int PAYMENT_TERM_DAYS = 14;

    private long millis = Long.MIN_VALUE;
    private long second = Long.MIN_VALUE;
    private long quarter = Long.MIN_VALUE;
    private long epochDay = Long.MIN_VALUE;

    private String secondPrefix;
    private String timestamp;
    private String usageStart;
    private String usageEnd;
    private Day day;

    /** The date texts of one UTC day. */
    record Day(String today, String dueDate, String nextWeek, String endOfMonth, String periodStart,
               String periodEnd, String periodLabel, String invoicePrefix) {

        static Day of(LocalDate date) {
            LocalDate previousMonth = date.withDayOfMonth(1).minusMonths(1);
            return new Day(date.toString(), date.plusDays(PAYMENT_TERM_DAYS).toString(), date.plusDays(7).toString(),
                    date.withDayOfMonth(date.lengthOfMonth()).toString(), previousMonth.toString(),
                    previousMonth.withDayOfMonth(previousMonth.lengthOfMonth()).toString(),
                    previousMonth.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + previousMonth.getYear(),
                    "INV/%d/%02d/".formatted(date.getYear(), date.getMonthValue()));
        }
    }

    /** Moves to {@code epochMillis}; cheap when it is the same millisecond as before. */
    void at(long epochMillis) {
        if (epochMillis == millis) {
            return;
        }
        millis = epochMillis;
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            second = s;
            LocalDateTime t = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
            secondPrefix = "%04d-%02d-%02dT%02d:%02d:%02d.".formatted(t.getYear(), t.getMonthValue(),
                    t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
            long d = Math.floorDiv(s, 86_400);
            if (d != epochDay) {
                epochDay = d;
                day = Day.of(LocalDate.ofEpochDay(d));
            }
        }
        int ms = (int) Math.floorMod(epochMillis, 1000);
        timestamp = secondPrefix + (char) ('0' + ms / 100) + (char) ('0' + ms / 10 % 10) + (char) ('0' + ms % 10) + 'Z';
        long q = Math.floorDiv(epochMillis, QUARTER_HOUR);
        if (q != quarter) {
            quarter = q;
            usageStart = format((q - 1) * QUARTER_HOUR);
            usageEnd = format(q * QUARTER_HOUR);
        }
    }

    long millis() {
        return millis;
    }

    /** The instant as RFC 3339 in UTC with milliseconds, e.g. 2025-11-07T10:30:00.123Z. */
    String timestamp() {
        return timestamp;
    }

    Day day() {
        return day;
    }

    /** The last whole quarter-hour before now: the period a mediation batch of usage covers. */
    String usageStart() {
        return usageStart;
    }

    String usageEnd() {
        return usageEnd;
    }

    /** yyyy-MM-dd without a formatter, for a year from 1000 to 9999. */
    static String date(int year, int month, int day) {
        return new String(new char[] {
            (char) ('0' + year / 1000), (char) ('0' + year / 100 % 10), (char) ('0' + year / 10 % 10), (char) ('0' + year % 10),
            '-', (char) ('0' + month / 10), (char) ('0' + month % 10), '-', (char) ('0' + day / 10), (char) ('0' + day % 10)});
    }

    static String format(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000),
                (int) Math.floorMod(epochMillis, 1000) * 1_000_000, ZoneOffset.UTC);
        return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ".formatted(t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000_000);
    }
}
