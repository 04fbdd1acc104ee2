package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MomentTest {

    private static final DateTimeFormatter RFC_3339_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void timestampsAreUtcWithMillisecondsWhateverTheOrderOfInstants() {
        SplittableRandom random = new SplittableRandom(1);
        Moment moment = new Moment();
        long base = Instant.parse("2025-12-31T23:59:58Z").toEpochMilli();
        for (int i = 0; i < 20_000; i++) {
            long millis = i % 3 == 0 ? random.nextLong(0, 253_402_300_799_000L) : base + random.nextLong(-5_000, 5_000);
            moment.at(millis);

            assertThat(moment.timestamp()).isEqualTo(RFC_3339_MILLIS.format(Instant.ofEpochMilli(millis)));
            assertThat(moment.day().today()).isEqualTo(LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).toString());
        }
    }

    @Test
    void theDaysDatesAndTheLastQuarterHour() {
        Moment moment = new Moment();
        moment.at(Instant.parse("2025-03-05T10:31:07.009Z").toEpochMilli());

        assertThat(moment.timestamp()).isEqualTo("2025-03-05T10:31:07.009Z");
        assertThat(moment.day()).isEqualTo(new Moment.Day("2025-03-05", "2025-03-19", "2025-03-12", "2025-03-31",
                "2025-02-01", "2025-02-28", "February 2025", "INV/2025/03/"));
        assertThat(moment.usageStart()).isEqualTo("2025-03-05T10:15:00.000Z");
        assertThat(moment.usageEnd()).isEqualTo("2025-03-05T10:30:00.000Z");

        moment.at(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
        assertThat(moment.day().periodLabel()).isEqualTo("December 2024");
        assertThat(moment.day().periodStart()).isEqualTo("2024-12-01");
        assertThat(moment.usageStart()).isEqualTo("2024-12-31T23:45:00.000Z");
    }

    @Test
    void datesAreZeroPadded() {
        assertThat(Moment.date(1948, 1, 9)).isEqualTo("1948-01-09");
        assertThat(Moment.date(2006, 12, 28)).isEqualTo("2006-12-28");
    }
}
