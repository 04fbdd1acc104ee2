package org.bss.model.envelope;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 3339 {@code date-time}, exactly: seconds required, any number of fraction digits, {@code Z} or a
 * {@code ±hh:mm} offset, a leap second allowed; from year 0001 on. {@code java.time}'s ISO parser is both wider (no seconds,
 * hour-only offsets) and narrower (at most 9 digits, offsets up to 18 h) than that.
 */
public final class Rfc3339 {

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private Rfc3339() {
    }

    public static boolean isValid(String value) {
        return parse(value).isPresent();
    }

    /** The instant a valid timestamp stands for (a leap second and digits past nanoseconds are cut off). */
    public static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = DATE_TIME.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = Integer.parseInt(m.group(6));
        if (month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour > 23 || minute > 59 || second > 60) {
            return Optional.empty();
        }
        int offsetSeconds = 0;
        if (m.group(8) == null) {
            int offsetHours = Integer.parseInt(m.group(10));
            int offsetMinutes = Integer.parseInt(m.group(11));
            if (offsetHours > 23 || offsetMinutes > 59) {
                return Optional.empty();
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (m.group(9).equals("-") ? -1 : 1);
        }
        String fraction = m.group(7) == null ? "" : m.group(7).substring(1);
        int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59), nanos);
        Instant instant = local.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds);
        // Year 0000 is valid ISO 8601 but no timestamp a store (PostgreSQL among them) can hold as a date.
        return instant.isBefore(EARLIEST) ? Optional.empty() : Optional.of(instant);
    }
}
