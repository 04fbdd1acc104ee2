package org.bss.model.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bss.model.envelope.Violation;
import org.junit.jupiter.api.Test;

class DataSchemaTest {

    private static List<Violation> validate(String type, String data) {
        return EventCatalogTest.validate(type, data);
    }

    private static List<Violation> validate(DataSchema schema, String data) {
        return schema.validate(EventData.parse(data.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void missingRequiredPropertyIsPointedAtByName() {
        assertThat(validate("payment.created", """
                {"event_id":"evt-12345","amount":100.50,"currency":"USD"}"""))
                .containsExactly(new Violation("/data/customer_id", "is required"));
    }

    @Test
    void wrongType() {
        assertThat(validate("payment.created", """
                {"amount":"abc","currency":"USD","customer_id":"cust-001"}"""))
                .containsExactly(new Violation("/data/amount", "must be of type number, found string"));
    }

    @Test
    void badEnum() {
        List<Violation> violations = validate("payment.processed", """
                {"payment_id":"p","customer_id":"c","amount":1,"currency":"USD","status":"done"}""");

        assertThat(violations).extracting(Violation::pointer).containsExactly("/data/status");
        assertThat(violations.getFirst().message()).startsWith("must be one of [").contains("\"succeeded\"");
    }

    @Test
    void badCurrencyPattern() {
        assertThat(validate("payment.created", """
                {"amount":1,"currency":"usd","customer_id":"c"}"""))
                .containsExactly(new Violation("/data/currency", "must match the pattern ^[A-Z]{3}$"));
    }

    @Test
    void nestedItems() {
        List<Violation> violations = validate("order.placed", """
                {"order_id":"o","customer_id":"c","amount":1,"currency":"USD",
                 "items":[{"product_id":"p-1","quantity":1},{"product_id":"p-2","quantity":-1},
                          {"product_id":"p-3","quantity":"2"},{"quantity":1}]}""");

        assertThat(violations).extracting(Violation::pointer).containsExactlyInAnyOrder(
                "/data/items/1/quantity", "/data/items/2/quantity", "/data/items/3/product_id");
        assertThat(violations).contains(
                new Violation("/data/items/2/quantity", "must be of type integer, found string"),
                new Violation("/data/items/3/product_id", "is required"));
    }

    @Test
    void amountWithoutCurrency() {
        assertThat(validate("order.placed", """
                {"order_id":"o","customer_id":"c","amount":10}"""))
                .containsExactly(new Violation("/data/currency", "is required when amount is present"));
    }

    @Test
    void dataThatIsNotAnObject() {
        assertThat(validate("order.cancelled", "[1,2]"))
                .containsExactly(new Violation("/data", "must be of type object, found array"));
    }

    @Test
    void everyViolationIsReported() {
        assertThat(validate("payment.created", "{\"amount\":\"x\",\"currency\":\"x\"}"))
                .extracting(Violation::pointer)
                .containsExactlyInAnyOrder("/data/amount", "/data/currency", "/data/customer_id");
    }

    @Test
    void pointersEscapeTheirTokens() {
        DataSchema schema = DataSchema.parse("""
                {"properties":{"a/b":{"type":"object","required":["c~d"]}},"additionalProperties":false}""");

        assertThat(validate(schema, "{\"a/b\":{},\"x/y\":1}")).containsExactlyInAnyOrder(
                new Violation("/data/a~1b/c~0d", "is required"),
                new Violation("/data/x~1y", "is not allowed here"));
    }

    @Test
    void formatIsAnAnnotationOnly() {
        DataSchema schema = DataSchema.parse("""
                {"properties":{"when":{"type":"string","format":"date-time"},"mail":{"format":"email"}}}""");

        assertThat(validate(schema, "{\"when\":\"next tuesday\",\"mail\":\"not an email\"}")).isEmpty();
    }

    @Test
    void unknownKeywordsAreAnnotations() {
        DataSchema schema = DataSchema.parse("""
                {"x-owner":"billing","properties":{"a":{"x-ui":{"type":"string"},"type":"integer"}}}""");

        assertThat(validate(schema, "{\"a\":1}")).isEmpty();
        assertThat(validate(schema, "{\"a\":\"1\"}")).extracting(Violation::pointer).containsExactly("/data/a");
    }

    @Test
    void noDataIsValidatedAsNull() {
        assertThat(DataSchema.parse("{\"type\":\"object\"}").validate(null))
                .containsExactly(new Violation("/data", "must be of type object, found null"));
    }

    @Test
    void aSchemaThatRecursesWithoutEndRefusesInsteadOfOverflowingTheStack() {
        DataSchema endless = DataSchema.parse("{\"$ref\":\"#\"}");

        assertThat(endless.validate(EventData.parse("1".getBytes()))).singleElement()
                .extracting(Violation::pointer).isEqualTo("/data");
    }

    @Test
    void aRecursiveSchemaValidatesNestedData() {
        DataSchema tree = DataSchema.parse("""
                {"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#"}},"n":{"type":"integer"}}}""");

        assertThat(validate(tree, "{\"n\":1,\"children\":[{\"n\":2,\"children\":[{\"n\":\"x\"}]}]}"))
                .containsExactly(new Violation("/data/children/0/children/0/n", "must be of type integer, found string"));
    }

    @Test
    void keepsTextAndId() {
        String text = "{\"$id\":\"urn:tenant:t1:schema:x:1\",\"type\":\"object\"}";
        DataSchema schema = DataSchema.parse(text);

        assertThat(schema.json()).isEqualTo(text);
        assertThat(schema.id()).isEqualTo("urn:tenant:t1:schema:x:1");
        assertThat(DataSchema.parse("{}").id()).isNull();
        assertThat(DataSchema.parse("true").validate(EventData.parse("1".getBytes()))).isEmpty();
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThatThrownBy(() -> DataSchema.parse("{\"type\": "))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> DataSchema.parse("{} {}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> DataSchema.parse(""))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> DataSchema.parse(null)).isInstanceOf(InvalidSchemaException.class);
    }

    @Test
    void refusesWhatBreaksTheMetaSchema() {
        assertThatThrownBy(() -> DataSchema.parse("{\"type\": 12}"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("/type")
                .satisfies(e -> assertThat(((InvalidSchemaException) e).problems()).isNotEmpty()
                        .allMatch(p -> p.startsWith("/type: ")));
        assertThatThrownBy(() -> DataSchema.parse("{\"required\": \"a\"}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("/required");
        assertThatThrownBy(() -> DataSchema.parse("{\"properties\": {\"a\": {\"minimum\": \"3\"}}}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("/properties/a/minimum");
        assertThatThrownBy(() -> DataSchema.parse("12"))
                .isInstanceOf(InvalidSchemaException.class);
    }

    @Test
    void refusesASchemaNestedTooDeeply() {
        String deep = "{\"items\":".repeat(300) + "true" + "}".repeat(300);

        assertThatThrownBy(() -> DataSchema.parse(deep)).isInstanceOf(InvalidSchemaException.class);
        assertThat(DataSchema.parse("{\"items\":".repeat(20) + "true" + "}".repeat(20))).isNotNull();
    }

    @Test
    void refusesOtherDialects() {
        assertThatThrownBy(() -> DataSchema.parse("{\"$schema\":\"http://json-schema.org/draft-07/schema#\"}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("draft 2020-12");
        assertThat(DataSchema.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema#\"}")).isNotNull();
    }

    @Test
    void refusesWhatCannotBeCompiled() {
        assertThatThrownBy(() -> DataSchema.parse("{\"properties\":{\"a\":{\"pattern\":\"[a\"}}}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("invalid regular expression [a");
        assertThatThrownBy(() -> DataSchema.parse("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("/$defs/missing");
    }

    @Test
    void neverFetchesOrReadsOtherSchemas() {
        for (String ref : List.of("https://json-schema.org/not-there.json", "http://127.0.0.1:9/x.json",
                "classpath:org/bss/model/catalog/payment.created.schema.json", "urn:bss:schema:no.such.type:1",
                "other.json")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> DataSchema.parse("{\"$ref\":\"" + ref + "\"}"))
                    .as(ref).isInstanceOf(InvalidSchemaException.class);
            assertThat(System.nanoTime() - start).as(ref).isLessThan(2_000_000_000L);
        }
    }

    @Test
    void validatesFromManyThreads() throws Exception {
        DataSchema schema = EventCatalog.builtIn().schemaFor("order.placed").orElseThrow();
        var valid = EventData.parse(CatalogExamples.ORDER_PLACED.getBytes(StandardCharsets.UTF_8));
        var invalid = EventData.parse("{\"order_id\":\"o\",\"items\":[{\"product_id\":\"p\",\"quantity\":0}]}".getBytes());
        Callable<Boolean> task = () -> {
            for (int i = 0; i < 2_000; i++) {
                if (!schema.validate(valid).isEmpty() || schema.validate(invalid).size() != 2) {
                    return false;
                }
            }
            return true;
        };
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = pool.invokeAll(List.of(task, task, task, task));
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }
}
