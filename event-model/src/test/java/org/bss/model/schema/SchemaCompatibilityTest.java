package org.bss.model.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

    private static final String PAYMENT_V1 = """
            {"$id":"urn:bss:schema:payment.created:1","type":"object","required":["customer_id","amount"],
             "properties":{
               "customer_id":{"type":"string","minLength":1},
               "amount":{"type":"number","minimum":0,"maximum":10000},
               "currency":{"type":"string","pattern":"^[A-Z]{3}$"},
               "status":{"enum":["pending","succeeded","failed"]},
               "note":{"type":"string","maxLength":200},
               "items":{"type":"array","maxItems":50,"items":{"type":"object","properties":{"quantity":{"type":"integer"}}}}}}""";

    private static List<String> changes(String previous, String next) {
        return SchemaCompatibility.backwardIncompatibilities(previous, next);
    }

    /** PAYMENT_V1 with one textual replacement, which must occur. */
    private static String v1With(String from, String to) {
        assertThat(PAYMENT_V1).contains(from);
        return PAYMENT_V1.replace(from, to);
    }

    @Test
    void sameSchemaIsCompatible() {
        assertThat(changes(PAYMENT_V1, PAYMENT_V1)).isEmpty();
    }

    @Test
    void compatibleChanges() {
        assertThat(changes(PAYMENT_V1, v1With("\"note\":", "\"channel\":{\"type\":\"string\"},\"note\":")))
                .as("optional property added").isEmpty();
        assertThat(changes(PAYMENT_V1, v1With("\"failed\"]", "\"failed\",\"refunded\"]"))).as("enum widened").isEmpty();
        assertThat(changes(PAYMENT_V1, v1With("[\"customer_id\",\"amount\"]", "[\"customer_id\"]")))
                .as("required removed").isEmpty();
        assertThat(changes(PAYMENT_V1, v1With("\"maximum\":10000", "\"maximum\":1000000"))).as("maximum raised").isEmpty();
        assertThat(changes(PAYMENT_V1, v1With("\"maxLength\":200", "\"maxLength\":500"))).as("maxLength raised").isEmpty();
        assertThat(changes(PAYMENT_V1, v1With("{\"type\":\"integer\"}", "{\"type\":\"number\"}"))).as("type widened").isEmpty();
        assertThat(changes(PAYMENT_V1, v1With("\"pattern\":\"^[A-Z]{3}$\"", "\"description\":\"ISO 4217\"")))
                .as("pattern removed").isEmpty();
        assertThat(changes(PAYMENT_V1, v1With(":1\",", ":2\",\"title\":\"payment\",\"$comment\":\"v2\",")))
                .as("annotations and $id").isEmpty();
    }

    @Test
    void requiredAdded() {
        assertThat(changes(PAYMENT_V1, v1With("[\"customer_id\",\"amount\"]", "[\"customer_id\",\"amount\",\"currency\"]")))
                .containsExactly("/: property currency added to required");
    }

    @Test
    void typeNarrowed() {
        assertThat(changes(PAYMENT_V1, v1With("\"type\":\"number\"", "\"type\":\"integer\"")))
                .containsExactly("/properties/amount: type narrowed from [number] to [integer]");
        assertThat(changes("{\"type\":[\"string\",\"null\"]}", "{\"type\":\"string\"}"))
                .containsExactly("/: type narrowed from [null, string] to [string]");
        assertThat(changes("{\"properties\":{\"a\":{}}}", "{\"properties\":{\"a\":{\"type\":\"string\"}}}"))
                .containsExactly("/properties/a: type narrowed from any type to [string]");
        assertThat(changes("{\"enum\":[\"a\",\"b\"]}", "{\"enum\":[\"a\",\"b\"],\"type\":\"string\"}"))
                .as("an enum of strings was only strings already").isEmpty();
    }

    @Test
    void enumValuesRemovedOrConstChanged() {
        assertThat(changes(PAYMENT_V1, v1With(",\"failed\"]", "]")))
                .containsExactly("/properties/status: enum values removed: [\"failed\"]");
        assertThat(changes("{\"properties\":{\"v\":{\"const\":1}}}", "{\"properties\":{\"v\":{\"const\":2}}}"))
                .containsExactly("/properties/v: const changed from [1] to 2");
        assertThat(changes("{\"properties\":{\"v\":{\"type\":\"integer\"}}}", "{\"properties\":{\"v\":{\"enum\":[1,2]}}}"))
                .containsExactly("/properties/v: enum added: only [1, 2] allowed");
        assertThat(changes("{\"enum\":[1,2]}", "{\"enum\":[1.0,2,3]}")).as("1 and 1.0 are the same number").isEmpty();
    }

    @Test
    void boundsTightened() {
        assertThat(changes(PAYMENT_V1, v1With("\"minimum\":0", "\"minimum\":1")))
                .containsExactly("/properties/amount: minimum tightened from 0 to 1");
        assertThat(changes(PAYMENT_V1, v1With("\"minimum\":0", "\"exclusiveMinimum\":0")))
                .containsExactly("/properties/amount: bound tightened from minimum 0 to exclusiveMinimum 0");
        assertThat(changes(PAYMENT_V1, v1With("\"minimum\":0", "\"exclusiveMinimum\":-1"))).isEmpty();
        assertThat(changes(PAYMENT_V1, v1With("\"maximum\":10000", "\"maximum\":500")))
                .containsExactly("/properties/amount: maximum tightened from 10000 to 500");
        assertThat(changes(PAYMENT_V1, v1With("\"maximum\":10000", "\"exclusiveMaximum\":10000")))
                .containsExactly("/properties/amount: bound tightened from maximum 10000 to exclusiveMaximum 10000");
        assertThat(changes("{}", "{\"exclusiveMaximum\":5}")).containsExactly("/: exclusiveMaximum added: 5");
        assertThat(changes(PAYMENT_V1, v1With("\"minLength\":1", "\"minLength\":3")))
                .containsExactly("/properties/customer_id: minLength tightened from 1 to 3");
        assertThat(changes(PAYMENT_V1, v1With("\"maxLength\":200", "\"maxLength\":100")))
                .containsExactly("/properties/note: maxLength tightened from 200 to 100");
        assertThat(changes(PAYMENT_V1, v1With("\"maxItems\":50", "\"maxItems\":50,\"minItems\":1")))
                .containsExactly("/properties/items: minItems added: 1");
        assertThat(changes(PAYMENT_V1, v1With("\"maxItems\":50", "\"maxItems\":10")))
                .containsExactly("/properties/items: maxItems tightened from 50 to 10");
        assertThat(changes("{\"multipleOf\":0.02}", "{\"multipleOf\":0.01}")).isEmpty();
        assertThat(changes("{\"multipleOf\":0.01}", "{\"multipleOf\":0.02}"))
                .containsExactly("/: multipleOf changed from 0.01 to 0.02");
    }

    @Test
    void patternAndFormat() {
        assertThat(changes(PAYMENT_V1, v1With("\"pattern\":\"^[A-Z]{3}$\"", "\"pattern\":\"^(USD|EUR)$\"")))
                .containsExactly("/properties/currency: pattern changed from ^[A-Z]{3}$ to ^(USD|EUR)$");
        assertThat(changes(PAYMENT_V1, v1With("\"minLength\":1", "\"minLength\":1,\"pattern\":\"^c-\"")))
                .containsExactly("/properties/customer_id: pattern added: ^c-");
        assertThat(changes(PAYMENT_V1, v1With("\"maxLength\":200", "\"maxLength\":200,\"format\":\"email\"")))
                .containsExactly("/properties/note: format added: email");
    }

    @Test
    void unlistedPropertiesRefused() {
        String closed = PAYMENT_V1.replaceFirst("\"type\":\"object\",", "\"type\":\"object\",\"additionalProperties\":false,");
        assertThat(changes(PAYMENT_V1, closed)).containsExactly(
                "/: additionalProperties changed from absent (true) to false: properties not listed are refused now");
        assertThat(changes(closed, closed.replace("\"note\":{\"type\":\"string\",\"maxLength\":200},", "")))
                .containsExactly("/properties/note: property removed while additionalProperties is false");
        assertThat(changes(PAYMENT_V1, PAYMENT_V1.replace("\"note\":{\"type\":\"string\",\"maxLength\":200},", "")))
                .as("removed, but still allowed as an unlisted property").isEmpty();
        assertThat(changes(closed, PAYMENT_V1)).as("opened").isEmpty();
    }

    @Test
    void recursesIntoItemsPrefixItemsAndAdditionalProperties() {
        assertThat(changes(PAYMENT_V1, v1With("{\"type\":\"integer\"}", "{\"type\":\"integer\",\"minimum\":1}")))
                .containsExactly("/properties/items/items/properties/quantity: minimum added: 1");
        assertThat(changes("{\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"number\"}]}",
                "{\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}"))
                .containsExactly("/prefixItems/1: type narrowed from [number] to [integer]");
        assertThat(changes("{\"prefixItems\":[{\"type\":\"string\"}]}", "{\"prefixItems\":[{\"type\":\"string\"}],\"items\":false}"))
                .containsExactly("/items: refuses every value now (false schema)");
        assertThat(changes("{\"additionalProperties\":{\"type\":\"number\"}}", "{\"additionalProperties\":{\"type\":\"integer\"}}"))
                .containsExactly("/additionalProperties: type narrowed from [number] to [integer]");
        assertThat(changes("{\"additionalProperties\":{\"type\":\"number\"}}",
                "{\"properties\":{\"a\":{\"type\":\"integer\"}},\"additionalProperties\":{\"type\":\"number\"}}"))
                .as("a new property is checked against what the previous additionalProperties allowed")
                .containsExactly("/properties/a: type narrowed from [number] to [integer]");
    }

    @Test
    void localReferencesAreFollowed() {
        String v1 = """
                {"properties":{"home":{"$ref":"#/$defs/address"},"work":{"$ref":"#/$defs/address","description":"x"}},
                 "$defs":{"address":{"type":"object","properties":{"country":{"type":"string"}}}}}""";

        assertThat(changes(v1, v1.replace("\"type\":\"string\"", "\"type\":\"string\",\"minLength\":2"))).containsExactly(
                "/properties/home/properties/country: minLength added: 2",
                "/properties/work/properties/country: minLength added: 2");
        assertThat(changes(v1, v1.replace("\"type\":\"string\"", "\"type\":\"string\",\"title\":\"Country\""))).isEmpty();
        String recursive = "{\"properties\":{\"child\":{\"$ref\":\"#\"},\"n\":{\"type\":\"number\"}}}";
        assertThat(changes(recursive, recursive)).isEmpty();
        assertThat(changes(recursive, recursive.replace("number", "integer")))
                .contains("/properties/n: type narrowed from [number] to [integer]");
    }

    @Test
    void whatItCannotProveIsReported() {
        assertThat(changes("{\"$ref\":\"urn:bss:schema:a:1\"}", "{\"$ref\":\"urn:bss:schema:a:2\"}"))
                .containsExactly("/: cannot prove compatible: $ref changed at / from urn:bss:schema:a:1 to urn:bss:schema:a:2");
        assertThat(changes("{\"properties\":{\"p\":{\"anyOf\":[{\"type\":\"string\"}]}}}",
                "{\"properties\":{\"p\":{\"anyOf\":[{\"type\":\"number\"}]}}}"))
                .containsExactly("/properties/p: cannot prove compatible: anyOf changed at /properties/p");
        assertThat(changes("{}", "{\"if\":{\"required\":[\"a\"]},\"then\":{\"required\":[\"b\"]}}"))
                .containsExactly("/: cannot prove compatible: if changed at /", "/: cannot prove compatible: then changed at /");
        assertThat(changes("{\"allOf\":[{\"required\":[\"a\"]}]}", "{}")).as("a dropped constraint only loosens").isEmpty();
        assertThat(changes("{}", "{\"dependentRequired\":{\"amount\":[\"currency\"]}}"))
                .containsExactly("/: property currency became required when amount is present");
    }

    @Test
    void booleanSchemas() {
        assertThat(changes("true", "{\"type\":\"object\"}")).containsExactly("/: type narrowed from any type to [object]");
        assertThat(changes("false", "{\"type\":\"object\"}")).isEmpty();
        assertThat(changes("{\"type\":\"object\"}", "true")).isEmpty();
        assertThat(changes("{\"type\":\"object\"}", "false")).containsExactly("/: refuses every value now (false schema)");
    }

    @Test
    void theCatalogIsCompatibleWithItself() {
        for (String type : EventCatalog.builtIn().types()) {
            String json = EventCatalog.builtIn().schemaFor(type).orElseThrow().json();
            assertThat(changes(json, json)).as(type).isEmpty();
        }
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThatThrownBy(() -> changes("{", "{}")).isInstanceOf(InvalidSchemaException.class).hasMessageContaining("previous");
        assertThatThrownBy(() -> changes("{}", "")).isInstanceOf(InvalidSchemaException.class).hasMessageContaining("next");
    }
}
