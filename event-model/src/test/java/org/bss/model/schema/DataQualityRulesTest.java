package org.bss.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.Violation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DataQualityRulesTest {

    private static final Instant NOW = Instant.parse("2025-11-07T10:30:00Z");
    private static final Duration SKEW = Duration.ofMinutes(5);

    private static CloudEvent event(String time, String data) {
        return new CloudEvent("1.0", "evt-1", "/crm", "payment.created", null, time, "application/json", null,
                Map.of(), data == null ? null : data.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode tree(String json) {
        return EventData.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Violation> check(String data) {
        return DataQualityRules.check(event("2025-11-07T10:29:00Z", data), tree(data), NOW, SKEW);
    }

    @Test
    void theBriefsExamplesPass() {
        assertThat(check(CatalogExamples.PAYMENT_CREATED)).isEmpty();
        assertThat(check(CatalogExamples.ORDER_PLACED)).isEmpty();
        assertThat(check(CatalogExamples.CUSTOMER_CREATED)).isEmpty();
    }

    @Test
    void amountsMustBePositiveAnywhere() {
        assertThat(check("""
                {"amount":0,"currency":"USD","lines":[{"amount":10.5},{"amount":-1},{"net_amount":0.0}],
                 "refund":{"total_amount":-0.01,"amounts":[-5],"amount_due":-3,"tax_amount":"-1"},
                 "discount_amount":1e-9,"big_amount":123456789012345678901234567890}"""))
                .containsExactly(
                        new Violation("/data/amount", "must be positive"),
                        new Violation("/data/lines/1/amount", "must be positive"),
                        new Violation("/data/lines/2/net_amount", "must be positive"),
                        new Violation("/data/refund/total_amount", "must be positive"));
    }

    @Test
    void currenciesMustBeIso4217() {
        assertThat(check("""
                {"currency":"XYZ","items":[{"price_currency":"EUR"},{"settlement_currency":"usd"}],
                 "nested":{"deep":[[{"currency":"ABC"}]]},"currency_note":"XYZ","fx":{"target_currency":"PLN"},"n":{"currency":5}}"""))
                .containsExactly(
                        new Violation("/data/currency", "is not an ISO 4217 currency code"),
                        new Violation("/data/items/1/settlement_currency", "is not an ISO 4217 currency code"),
                        new Violation("/data/nested/deep/0/0/currency", "is not an ISO 4217 currency code"));
    }

    @Test
    void pointersEscapeTheirTokens() {
        assertThat(check("{\"a/b\":{\"x~amount\":-1}}")).isEmpty(); // x~amount does not end in _amount
        assertThat(check("{\"a/b\":{\"x_amount\":-1}}"))
                .containsExactly(new Violation("/data/a~1b/x_amount", "must be positive"));
    }

    @Test
    void timeInTheFuture() {
        assertThat(DataQualityRules.check(event("2025-11-07T10:35:00Z", null), null, NOW, SKEW))
                .as("exactly at the skew").isEmpty();
        assertThat(DataQualityRules.check(event("2025-11-07T10:34:59+00:00", null), null, NOW, SKEW)).isEmpty();
        assertThat(DataQualityRules.check(event("2025-11-07T10:35:00.001Z", null), null, NOW, SKEW))
                .containsExactly(new Violation("/time", "is more than 5 minutes in the future"));
        assertThat(DataQualityRules.check(event("2025-11-07T12:35:00+02:00", null), null, NOW, SKEW))
                .as("offsets count").isEmpty();
        assertThat(DataQualityRules.check(event("2025-11-07T10:31:00Z", null), null, NOW, Duration.ofSeconds(30)))
                .containsExactly(new Violation("/time", "is more than 30 seconds in the future"));
        assertThat(DataQualityRules.check(event("2025-11-07T12:00:01Z", null), null, NOW, Duration.ofMinutes(90)))
                .containsExactly(new Violation("/time", "is more than 1 hour 30 minutes in the future"));
        assertThat(DataQualityRules.check(event("1999-01-01T00:00:00Z", null), null, NOW, SKEW)).as("past").isEmpty();
    }

    @Test
    void noTimeOrABadOneIsLeftToTheEnvelopeRules() {
        assertThat(DataQualityRules.check(event(null, null), null, NOW, SKEW)).isEmpty();
        assertThat(DataQualityRules.check(event("tomorrow", null), null, NOW, SKEW)).isEmpty();
    }

    @Test
    void withoutDataOnlyTheTimeIsChecked() {
        CloudEvent binary = new CloudEvent("1.0", "1", "/s", "t", null, "2030-01-01T00:00:00Z", "application/octet-stream",
                null, Map.of(), new byte[] {1, 2});
        assertThat(DataQualityRules.check(binary, null, NOW, SKEW)).extracting(Violation::pointer).containsExactly("/time");
    }

    @Test
    void scalarDataHasNothingToCheck() {
        assertThat(check("-5")).isEmpty();
        assertThat(check("[{\"amount\":-5}]")).containsExactly(new Violation("/data/0/amount", "must be positive"));
    }

    @Test
    void describesDurations() {
        assertThat(DataQualityRules.describe(Duration.ofMinutes(5))).isEqualTo("5 minutes");
        assertThat(DataQualityRules.describe(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(DataQualityRules.describe(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(DataQualityRules.describe(Duration.ofSeconds(90))).isEqualTo("1 minute 30 seconds");
        assertThat(DataQualityRules.describe(Duration.ofDays(1))).isEqualTo("1 day");
        assertThat(DataQualityRules.describe(Duration.ZERO)).isEqualTo("0 seconds");
    }
}
