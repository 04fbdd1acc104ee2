package org.bss.platform.analytics.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerdictTest {

    static final Instant WINDOW = Instant.parse("2026-03-02T10:03:00Z");

    @Test
    void eachDetectorExplainsItselfInOneSentence() {
        assertThat(new Verdict(Detector.ROBUST_Z, Severity.CRITICAL, 412, 20.2, 61.4, 9.34, 60, null)
                .explain("payments.failed", WINDOW))
                .isEqualTo("payments.failed was 412 in the minute from 10:03 UTC, above the 20.2–61.4 that the robust"
                        + " z-score over the last 60 minutes expected (z = 9.3).");
        assertThat(new Verdict(Detector.EWMA, Severity.WARNING, 242, 370, 430, -6.14, 300, null)
                .explain("orders.placed", WINDOW))
                .isEqualTo("orders.placed has run at 242 a minute in the minutes up to the minute from 10:03 UTC, below"
                        + " the 370–430 that the EWMA level-shift chart expected around its long-run level (shift of -6.1"
                        + " standard deviations).");
        assertThat(new Verdict(Detector.SEASONAL, Severity.WARNING, 0.0523, 0.01, 0.03, 4.4, 3, null)
                .explain("payments.failure_rate", WINDOW))
                .isEqualTo("payments.failure_rate was 0.0523 in the minute from 10:03 UTC, above the 0.01–0.03 usual for"
                        + " Mondays 10:00–11:00 UTC over the last 3 weeks (z = 4.4).");
        assertThat(new Verdict(Detector.ISOLATION_FOREST, Severity.WARNING, 480, 380, 420, 0.712, 240, "orders.placed")
                .explain("tenant", WINDOW))
                .isEqualTo("The tenant's metrics in the minute from 10:03 UTC were unusual together (isolation-forest score"
                        + " 0.71 against the last 240 minutes); orders.placed deviated most: 480, above its usual 380–420.");
    }

    @Test
    void aNormalVerdictSaysTheValueWasWithinRange() {
        assertThat(new Verdict(Detector.ROBUST_Z, Severity.NONE, 41, 20, 61, 0.3, 60, null).explain("payments.failed", WINDOW))
                .contains("was 41", "within the 20–61");
    }

    @Test
    void numbersAreShortButExact() {
        assertThat(Verdict.number(20313.67)).isEqualTo("20314");
        assertThat(Verdict.number(61.44)).isEqualTo("61.4");
        assertThat(Verdict.number(7)).isEqualTo("7");
        assertThat(Verdict.number(0.052345)).isEqualTo("0.0523");
        assertThat(Verdict.number(-3.5)).isEqualTo("-3.5");
    }

    @Test
    void aVerdictRoundTripsThroughJsonWithTheDetectorsName() {
        Verdict verdict = new Verdict(Detector.ISOLATION_FOREST, Severity.CRITICAL, 1, 2, 3, 0.8, 240, "events");
        assertThat(Json.MAPPER.writeValueAsString(verdict)).contains("\"detector\":\"isolation-forest\"")
                .doesNotContain("anomalous");
        assertThat(Json.roundTrip(verdict, Verdict.class)).isEqualTo(verdict);
    }
}
