package org.bss.platform.analytics.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdsTest {

    @Test
    void defaultsAreValidAndRoundTripThroughJson() {
        Thresholds defaults = Thresholds.defaults();
        assertThat(defaults).isEqualTo(new Thresholds(4.0, 6.0, 10, 4.0, 2, 0.65, 30, 2, 1.0, false));
        assertThat(Json.roundTrip(defaults, Thresholds.class)).isEqualTo(defaults);
        assertThat(defaults.withMuted(true).muted()).isTrue();
        assertThat(defaults.ewmaCritical()).isEqualTo(6.0);
        assertThat(defaults.forestCritical()).isEqualTo(0.75, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void rangesAreCheckedWithMessagesThatNameTheSetting() {
        assertRejected("zWarning", () -> new Thresholds(0, 6, 10, 4, 2, 0.65, 30, 2, 1, false));
        assertRejected("zCritical", () -> new Thresholds(4, 3, 10, 4, 2, 0.65, 30, 2, 1, false));
        assertRejected("minHistory", () -> new Thresholds(4, 6, 2, 4, 2, 0.65, 30, 2, 1, false));
        assertRejected("minHistory", () -> new Thresholds(4, 6, 61, 4, 2, 0.65, 30, 2, 1, false));
        assertRejected("ewmaK", () -> new Thresholds(4, 6, 10, Double.NaN, 2, 0.65, 30, 2, 1, false));
        assertRejected("seasonalMinWeeks", () -> new Thresholds(4, 6, 10, 4, 0, 0.65, 30, 2, 1, false));
        assertRejected("forestThreshold", () -> new Thresholds(4, 6, 10, 4, 2, 0.5, 30, 2, 1, false));
        assertRejected("forestMinHistory", () -> new Thresholds(4, 6, 10, 4, 2, 0.65, 241, 2, 1, false));
        assertRejected("resolveAfter", () -> new Thresholds(4, 6, 10, 4, 2, 0.65, 30, 0, 1, false));
        assertRejected("minSpread", () -> new Thresholds(4, 6, 10, 4, 2, 0.65, 30, 2, 0, false));
    }

    private static void assertRejected(String setting, Runnable construction) {
        assertThatThrownBy(construction::run).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(setting);
    }
}
