package org.bss.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.bss.model.envelope.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class EventCatalogTest {

    private static final EventCatalog CATALOG = EventCatalog.builtIn();

    static Iterable<String> types() {
        return CATALOG.types();
    }

    @Test
    void knowsTheBssTypes() {
        assertThat(CATALOG.types()).containsExactlyInAnyOrder(
                "customer.created", "customer.updated", "customer.terminated",
                "subscription.activated", "subscription.suspended", "subscription.cancelled",
                "order.placed", "order.cancelled", "order.completed",
                "invoice.generated", "invoice.paid", "invoice.overdue",
                "payment.created", "payment.processed", "usage.recorded");
        assertThat(CATALOG.schemaFor("no.such.type")).isEmpty();
        assertThat(CATALOG.schemaFor(null)).isEmpty();
        assertThat(EventCatalog.builtIn()).isSameAs(CATALOG);
    }

    @ParameterizedTest
    @MethodSource("types")
    void everySchemaIsDescribedAndIdentified(String type) throws Exception {
        DataSchema schema = CATALOG.schemaFor(type).orElseThrow();
        JsonNode node = Json.MAPPER.readTree(schema.json());

        assertThat(schema.id()).isEqualTo("urn:bss:schema:" + type + ":1");
        assertThat(node.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(node.path("title").asString()).isEqualTo(type);
        assertThat(node.path("description").asString()).isNotBlank();
        assertThat(node.path("type").asString()).isEqualTo("object");
        assertThat(node.has("additionalProperties")).as("producers may add fields").isFalse();
        try (InputStream in = getClass().getResourceAsStream("/org/bss/model/catalog/" + type + ".schema.json")) {
            assertThat(in).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void aRealisticExampleIsValid(String type) {
        String example = CatalogExamples.VALID.get(type);
        assertThat(example).as("an example for " + type).isNotNull();

        assertThat(validate(type, example)).isEmpty();
    }

    @Test
    void theBriefsExamplesAreValidUnchanged() {
        assertThat(validate("payment.created", CatalogExamples.PAYMENT_CREATED)).isEmpty();
        assertThat(validate("customer.created", CatalogExamples.CUSTOMER_CREATED)).isEmpty();
        assertThat(validate("order.placed", CatalogExamples.ORDER_PLACED)).isEmpty();
    }

    @Test
    void whatTheLoadGeneratorWillSendIsValid() {
        for (Map.Entry<String, String> example : CatalogExamples.LOAD_GENERATOR.entrySet()) {
            assertThat(validate(example.getKey(), example.getValue())).as(example.getKey()).isEmpty();
        }
    }

    @Test
    void producersMayAddFields() {
        assertThat(validate("payment.created", """
                {"customer_id":"c","amount":1,"currency":"EUR","loyalty":{"points":10},"x-trace":"abc"}""")).isEmpty();
    }

    @Test
    void anotherSchemaMayReferToTheCatalog() {
        DataSchema schema = DataSchema.parse("""
                {"type":"object","properties":{"payment":{"$ref":"urn:bss:schema:payment.created:1"}}}""");

        assertThat(schema.validate(EventData.parse("""
                {"payment":{"customer_id":"c","amount":1,"currency":"EUR"}}""".getBytes()))).isEmpty();
        assertThat(schema.validate(EventData.parse("""
                {"payment":{"customer_id":"c","amount":1,"currency":"eur"}}""".getBytes())))
                .extracting(v -> v.pointer()).containsExactly("/data/payment/currency");
    }

    static List<Violation> validate(String type, String data) {
        return CATALOG.schemaFor(type).orElseThrow().validate(EventData.parse(data.getBytes(StandardCharsets.UTF_8)));
    }
}
