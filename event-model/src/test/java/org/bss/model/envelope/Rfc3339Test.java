package org.bss.model.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written scanner against the grammar written as a regular expression (the first implementation). */
class Rfc3339Test {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21T10:15:30Z", "2026-11-21t10:15:30z", "2026-11-21T10:15:30.123456789123+05:30",
            "0001-01-01T00:00:00Z", "2024-02-29T23:59:60-00:00", "9999-12-31T23:59:59.9Z", "2026-01-01T00:00:00.5+23:59"})
    void acceptsWhatTheGrammarAccepts(String value) {
        assertThat(Rfc3339.parse(value)).isPresent().isEqualTo(oracle(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-11-21", "2026-11-21T10:15Z", "2026-11-21T10:15:30", "2026-11-21 10:15:30Z",
            "2026-11-21T10:15:30.Z", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-11-21T24:00:00Z",
            "2026-11-21T10:15:61Z", "2026-11-21T10:15:30+05", "2026-11-21T10:15:30+24:00", "0000-12-31T23:59:59Z",
            "0001-01-01T00:00:00+00:01", "2026-11-21T10:15:30Zz", "+2026-11-21T10:15:30Z", "2026-11-21T10:15:30\u0660Z",
            "２026-11-21T10:15:30Z"})
    void refusesWhatTheGrammarRefuses(String value) {
        assertThat(Rfc3339.parse(value)).isEmpty().isEqualTo(oracle(value));
    }

    @Test
    void agreesWithTheGrammarOnRandomNearMisses() {
        Random random = new Random(3339);
        String[] pieces = {"0", "1", "2", "9", "5", "-", ":", "T", "t", "Z", "z", "+", ".", " ", "60", "29", "02", "12", "13", "31"};
        int agreedValid = 0;
        for (int n = 0; n < 200_000; n++) {
            String s = NearMisses.of("2024-02-29T23:59:60.123+05:30", pieces, random);
            assertThat(Rfc3339.parse(s)).as(s).isEqualTo(oracle(s));
            agreedValid += oracle(s).isPresent() ? 1 : 0;
        }
        assertThat(agreedValid).as("valid values among the near misses").isGreaterThan(1_000);
    }

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

    /** The grammar as a regular expression, and the checks the first implementation made after it. */
    private static Optional<Instant> oracle(String value) {
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
        Instant instant = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59), nanos)
                .toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds);
        return instant.isBefore(Instant.parse("0001-01-01T00:00:00Z")) ? Optional.empty() : Optional.of(instant);
    }
}
