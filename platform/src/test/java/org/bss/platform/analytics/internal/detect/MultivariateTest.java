package org.bss.platform.analytics.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bss.platform.analytics.internal.detect.Traffic.Fault;
import org.junit.jupiter.api.Test;

class MultivariateTest {

    static final Thresholds DEFAULTS = Thresholds.defaults();
    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final int ORDERS = Traffic.METRICS.indexOf("orders.placed");
    static final int CAPTURED = Traffic.METRICS.indexOf("payments.captured");

    /**
     * Orders 12 % up while captured payments go 15 % down: each stays inside the range its own watch expects, but
     * together they break the tie between orders and payments that the tenant's history holds.
     */
    @Test
    void catchesOrdersUpAndPaymentsDownTogetherWhileEachIsWithinItsOwnRange() {
        for (long seed = 1; seed <= 3; seed++) {
            Traffic traffic = new Traffic(seed);
            Multivariate tenant = Multivariate.start(Traffic.METRICS);
            Watch orders = Watch.start(MetricKind.COUNT);
            Watch captured = Watch.start(MetricKind.COUNT);
            for (int t = 0; t < 300; t++) {
                double[] values = traffic.minute(t, Fault.NONE);
                Instant window = START.plus(Duration.ofMinutes(t));
                if (t >= 60) {
                    assertThat(Multivariate.decide(tenant, values, DEFAULTS).orElseThrow().anomalous()).as("minute %d", t).isFalse();
                }
                tenant = Multivariate.evolve(tenant, values, DEFAULTS);
                orders = Watch.evolve(orders, values[ORDERS], window, DEFAULTS);
                captured = Watch.evolve(captured, values[CAPTURED], window, DEFAULTS);
            }
            double[] values = traffic.minute(300, Fault.NONE);
            values[ORDERS] *= 1.12;
            values[CAPTURED] *= 0.85;
            Instant window = START.plus(Duration.ofMinutes(300));
            assertThat(Watch.decide(orders, values[ORDERS], window, DEFAULTS)).isNotEmpty().noneMatch(Verdict::anomalous);
            assertThat(Watch.decide(captured, values[CAPTURED], window, DEFAULTS)).isNotEmpty().noneMatch(Verdict::anomalous);

            Verdict verdict = Multivariate.decide(tenant, values, DEFAULTS).orElseThrow();
            assertThat(verdict.anomalous()).as("score %.3f", verdict.score()).isTrue();
            assertThat(verdict.detector()).isEqualTo(Detector.ISOLATION_FOREST);
            assertThat(verdict.contributor()).isIn("orders.placed", "payments.captured");
            assertThat(verdict.basis()).isEqualTo(Multivariate.HISTORY);
        }
    }

    @Test
    void judgesFromForestMinHistoryAndRefitsEveryTenWindows() {
        Traffic traffic = new Traffic(4);
        Multivariate tenant = Multivariate.start(Traffic.METRICS);
        for (int t = 1; t <= 60; t++) {
            double[] values = traffic.minute(t, Fault.NONE);
            assertThat(Multivariate.decide(tenant, values, DEFAULTS).isPresent()).isEqualTo(t > DEFAULTS.forestMinHistory());
            tenant = Multivariate.evolve(tenant, values, DEFAULTS);
            long expected = t < DEFAULTS.forestMinHistory() ? 0 : DEFAULTS.forestMinHistory()
                    + (t - DEFAULTS.forestMinHistory()) / Multivariate.REFIT_EVERY * Multivariate.REFIT_EVERY;
            assertThat(tenant.fittedAt()).as("window %d", t).isEqualTo(expected);
        }
        for (int t = 61; t <= 400; t++) {
            tenant = Multivariate.evolve(tenant, traffic.minute(t, Fault.NONE), DEFAULTS);
        }
        assertThat(tenant.rows()).hasNumberOfRows(Multivariate.HISTORY + Multivariate.REFIT_EVERY);
        assertThat(Multivariate.model(tenant).orElseThrow().trainedOn()).isEqualTo(Multivariate.HISTORY);
    }

    @Test
    void theModelIsTheSameWhenGrownAgainFromTheSameStateEvenAfterJson() {
        Traffic traffic = new Traffic(5);
        Multivariate tenant = Multivariate.start(Traffic.METRICS);
        for (int t = 0; t < 95; t++) {
            tenant = Multivariate.evolve(tenant, traffic.minute(t, Fault.NONE), DEFAULTS);
        }
        Multivariate back = Json.roundTrip(tenant, Multivariate.class);
        double[] silence = traffic.minute(95, Fault.SILENCE);
        double[] burst = traffic.minute(95, Fault.CUSTOMER_BURST);
        Multivariate.Model model = Multivariate.model(tenant).orElseThrow();
        for (double[] values : List.of(silence, burst)) {
            Verdict cached = Multivariate.decide(tenant, model, values, DEFAULTS).orElseThrow();
            assertThat(Multivariate.decide(back, values, DEFAULTS).orElseThrow()).isEqualTo(cached);
            assertThat(cached.anomalous()).isTrue();
        }
        assertThat(Multivariate.decide(tenant, model, burst, DEFAULTS).orElseThrow().contributor())
                .isEqualTo("orders.top_customer");
        Multivariate later = tenant;
        for (int t = 95; t < 105; t++) {
            later = Multivariate.evolve(later, traffic.minute(t, Fault.NONE), DEFAULTS);
        }
        Multivariate refitted = later;
        assertThatThrownBy(() -> Multivariate.decide(refitted, model, silence, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grow it again");
    }

    @Test
    void aVectorMustHaveOneValuePerMetric() {
        Multivariate tenant = Multivariate.start(List.of("events", "orders.placed"));
        assertThatThrownBy(() -> Multivariate.evolve(tenant, new double[] {1}, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Multivariate.evolve(tenant, new double[] {1, Double.NaN}, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
