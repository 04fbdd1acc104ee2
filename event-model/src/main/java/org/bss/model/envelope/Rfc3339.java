package org.bss.model.envelope;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * RFC 3339 {@code date-time}, exactly: seconds required, any number of fraction digits, {@code Z} or a
 * {@code ±hh:mm} offset, a leap second allowed; from year 0001 on. {@code java.time}'s ISO parser is both wider (no seconds,
 * hour-only offsets) and narrower (at most 9 digits, offsets up to 18 h) than that. Scanned by hand: every
 * accepted event's time is parsed on the ingest and the store paths, where a regular expression cost too much.
 */
public final class Rfc3339 {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final int[] SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private Rfc3339() {
    }

    public static boolean isValid(String value) {
        return parse(value).isPresent();
    }

    /** The instant a valid timestamp stands for (a leap second and digits past nanoseconds are cut off). */
    public static Optional<Instant> parse(String value) {
        return Optional.ofNullable(parseOrNull(value));
    }

    /** {@link #parse} without the Optional: null when the value is null or not an RFC 3339 date-time. */
    public static Instant parseOrNull(String s) {
        // yyyy-mm-ddThh:mm:ss then an optional fraction, then Z or ±hh:mm
        if (s == null || s.length() < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) | 0x20) != 't'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 60) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0) {
                return null;
            }
            nanos *= SCALE[Math.min(count, 9)];
        }
        if (i >= s.length()) {
            return null;
        }
        int offsetSeconds;
        char zone = s.charAt(i);
        if ((zone | 0x20) == 'z' && i + 1 == s.length()) {
            offsetSeconds = 0;
        } else if ((zone == '+' || zone == '-') && i + 6 == s.length() && s.charAt(i + 3) == ':') {
            int offsetHours = digits(s, i + 1, 2);
            int offsetMinutes = digits(s, i + 4, 2);
            if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (zone == '-' ? -1 : 1);
        } else {
            return null;
        }
        if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59), nanos);
        Instant instant = local.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds);
        // Year 0000 is valid ISO 8601 but no timestamp a store (PostgreSQL among them) can hold as a date.
        return instant.isBefore(EARLIEST) ? null : instant;
    }

    /** The value of {@code count} ASCII digits from {@code at}; -1 when one of them is not a digit. */
    private static int digits(String s, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
