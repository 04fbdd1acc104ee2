package org.bss.platform.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void speedsAreReadAsWrittenAndWrittenAsRead() {
        assertThat(Speed.parse(null)).isEqualTo(new Speed.Max());
        assertThat(Speed.parse("MAX")).isEqualTo(new Speed.Max());
        assertThat(Speed.parse("500/s")).isEqualTo(new Speed.Rate(500));
        assertThat(Speed.parse(" 2.5 /s")).isEqualTo(new Speed.Rate(2.5));
        assertThat(Speed.parse("10x")).isEqualTo(new Speed.Multiple(10));
        assertThat(Speed.parse("0.5x").text()).isEqualTo("0.5x");
        assertThat(Speed.parse("500/s").text()).isEqualTo("500/s");
        for (String bad : new String[] {"fast", "0/s", "-1/s", "0x", "10", "1e3/s", "2000000/s"}) {
            assertThatThrownBy(() -> Speed.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFixedRateDuesTheKthEventAtKOverTheRate() {
        Pacer pacer = new Pacer(new Speed.Rate(2000));
        assertThat(pacer.dueNanos(0, T0)).isZero();
        assertThat(pacer.dueNanos(1, T0)).isEqualTo(500_000);
        assertThat(pacer.dueNanos(120_000, T0)).isEqualTo(60_000_000_000L);
        assertThat(pacer.chunk(500)).isEqualTo(100);
        assertThat(new Pacer(new Speed.Rate(5)).chunk(500)).isEqualTo(1);
    }

    @Test
    void aMultipleOfThePaceScalesTheGapsAndNeverGoesBack() {
        Pacer pacer = new Pacer(new Speed.Multiple(10));
        assertThat(pacer.dueNanos(0, T0.plusSeconds(100))).isZero();
        assertThat(pacer.dueNanos(1, T0.plusSeconds(110))).isEqualTo(1_000_000_000L);
        assertThat(pacer.dueNanos(2, T0.plusSeconds(105))).as("earlier than the one before: no gap")
                .isEqualTo(1_000_000_000L);
        assertThat(pacer.dueNanos(3, T0.plusSeconds(130))).isEqualTo(3_000_000_000L);
        assertThat(pacer.chunk(500)).isEqualTo(500);
    }

    @Test
    void atMaxEverythingIsDueAtOnce() {
        Pacer pacer = new Pacer(new Speed.Max());
        assertThat(pacer.dueNanos(1_000_000, T0)).isZero();
        assertThat(pacer.chunk(500)).isEqualTo(500);
    }
}
