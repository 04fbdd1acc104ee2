package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bss.model.readmodel.Data.money;
import static org.bss.model.readmodel.Data.object;
import static org.bss.model.readmodel.Facts.fact;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTest {

    private static Fact data(String time, String megabytes, String charge) {
        return fact("usage.recorded", time, object("usage_id", "use@" + time, "subscription_id", "sub-1",
                "customer_id", "cus-1", "metric", "data", "quantity", new BigDecimal(megabytes), "unit", "MB",
                "charge", charge == null ? null : money(charge), "currency", charge == null ? null : "PLN"));
    }

    private static Map<Usage.Key, Usage> fold(Fact... arrival) {
        return Facts.fold(CustomerFolio.initial("cus-1"), CustomerFolio::evolve, arrival).usage();
    }

    private static Usage.Key dataOn(String day) {
        return new Usage.Key("sub-1", "data", LocalDate.parse(day));
    }

    @Test
    void usageAddsUpPerSubscriptionMetricAndUtcDay() {
        Map<Usage.Key, Usage> usage = fold(
                data("2026-03-01T10:00:00Z", "120.50", "1.20"),
                data("2026-03-01T23:30:00Z", "79.50", null),
                data("2026-03-02T00:30:00Z", "10.00", "0.10"));

        assertThat(usage).containsOnlyKeys(dataOn("2026-03-01"), dataOn("2026-03-02"));
        Usage first = usage.get(dataOn("2026-03-01"));
        assertThat(first.quantity()).isEqualByComparingTo("200.00");
        assertThat(first.charge()).isEqualByComparingTo("1.20");
        assertThat(first.unit()).isEqualTo("MB");
        assertThat(first.currency()).isEqualTo("PLN");
        assertThat(first.events()).isEqualTo(2);
        assertThat(usage.get(dataOn("2026-03-02")).quantity()).isEqualByComparingTo("10.00");
    }

    @Test
    void aTimeWithAnOffsetCountsOnItsUtcDay() {
        Map<Usage.Key, Usage> usage = fold(data("2026-03-02T01:30:00+02:00", "5.00", null));

        assertThat(usage).containsOnlyKeys(dataOn("2026-03-01"));
    }

    @Test
    void metricsAreKeptApart() {
        Fact voice = fact("usage.recorded", "2026-03-01T11:00:00Z", object("subscription_id", "sub-1",
                "metric", "voice", "quantity", 12, "unit", "minute"));

        Map<Usage.Key, Usage> usage = fold(data("2026-03-01T10:00:00Z", "1.00", null), voice);

        assertThat(usage.get(new Usage.Key("sub-1", "voice", LocalDate.parse("2026-03-01"))).quantity())
                .isEqualByComparingTo("12");
        assertThat(usage.get(dataOn("2026-03-01")).quantity()).isEqualByComparingTo("1.00");
    }

    @Test
    void aRecordWithoutSubscriptionOrMetricAddsNothing() {
        Fact noMetric = fact("usage.recorded", "2026-03-01T11:00:00Z", object("subscription_id", "sub-1",
                "quantity", 12, "unit", "minute"));

        assertThat(Usage.of(noMetric)).isNull();
        assertThat(fold(noMetric)).isEmpty();
        assertThat(Usage.of(fact("invoice.paid", "2026-03-01T11:00:00Z", object("invoice_id", "inv-1")))).isNull();
    }

    @Test
    void aRepeatedRecordCountsTwiceSoDuplicatesMustBeRemovedBeforeFolding() {
        Fact once = data("2026-03-01T10:00:00Z", "100.00", null);

        assertThat(fold(once, once).get(dataOn("2026-03-01")).quantity()).isEqualByComparingTo("200.00");
    }
}
