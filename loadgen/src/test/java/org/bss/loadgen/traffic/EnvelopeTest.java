package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.EnvelopeRules;
import org.bss.model.envelope.StructuredFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] AWKWARD = {
        "", "plain", "quote \" and backslash \\ and slash /", "\\\"", "\"\"\\\\",
        "tab\tnew line\ncarriage\rbell\u0007nul\u0000", "\b\f\u0001\u001f\u007f",
        "Łódź Kraków Göteborg Dvořák Ærø", "€ 12 ≥ ∑ 東京", "emoji 😀 and 𝄞 and 👩‍👩‍👧", "\uD83D\uDE00",
        "Tablet 10\" Wi-Fi + 5G", "O'Brien", "\u2028\u2029", "</script><!--"
    };

    private final Moment moment = new Moment();
    private final Envelope envelope = new Envelope("/tenants/t1/loadgen", new EventIds(new SplittableRandom(1)), moment);

    EnvelopeTest() {
        moment.at(1_762_511_400_123L);
    }

    @Test
    void awkwardStringsParseBackToTheSameValues() {
        for (String sample : AWKWARD) {
            envelope.begin(EventType.CUSTOMER_UPDATED, "cus_1")
                    .writeStringProperty("s", sample)
                    .writeName("in").writeStartArray().writeString(sample).writeEndArray()
                    .writeStringProperty(sample.isEmpty() ? "empty" : sample, "as a name");
            GeneratedEvent event = envelope.end();

            JsonNode data = JSON.readTree(event.json()).get("data");
            assertThat(data.get("s").asString()).as(sample).isEqualTo(sample);
            assertThat(data.get("in").get(0).asString()).as(sample).isEqualTo(sample);
            assertThat(data.get(sample.isEmpty() ? "empty" : sample).asString()).as(sample).isEqualTo("as a name");
            CloudEvent read = StructuredFormat.read(event.json());
            assertThat(EnvelopeRules.check(read)).as(sample).isEmpty();
            assertThat(JSON.readTree(read.data()).get("s").asString()).as(sample).isEqualTo(sample);
        }
    }

    @Test
    void randomStringsParseBackToTheSameValues() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            StringBuilder sample = new StringBuilder();
            int length = random.nextInt(3000);
            while (sample.length() < length) {
                int cp = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x10FFFF);
                if (Character.getType(cp) != Character.SURROGATE) {
                    sample.appendCodePoint(cp);
                }
            }
            envelope.begin(EventType.CUSTOMER_UPDATED, "cus_1").writeStringProperty("s", sample.toString())
                    .writeNumberProperty("round", round);

            JsonNode data = JSON.readTree(envelope.end().json()).get("data");
            assertThat(data.get("s").asString()).isEqualTo(sample.toString());
            assertThat(data.get("round").asInt()).isEqualTo(round);
        }
    }

    @Test
    void charactersOutsideTheBmpAreUtf8NotEscapes() {
        envelope.begin(EventType.CUSTOMER_UPDATED, "cus_1").writeStringProperty("s", "a😀b");

        String text = new String(envelope.end().json(), StandardCharsets.UTF_8);
        assertThat(text).contains("\"s\":\"a😀b\"").doesNotContain("\\u");
    }

    @Test
    void theEnvelopeHoldsTheEventsAttributesAroundItsData() {
        envelope.begin(EventType.ORDER_PLACED, "ord_7").writeStringProperty("order_id", "ord_7");
        GeneratedEvent event = envelope.end();

        assertThat(new String(event.json(), StandardCharsets.UTF_8)).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"" + event.id()
                + "\",\"source\":\"/tenants/t1/loadgen\",\"type\":\"order.placed\",\"subject\":\"" + event.subject()
                + "\",\"time\":\"2025-11-07T10:30:00.123Z\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"order_id\":\"ord_7\"}}");
        assertThat(event.type()).isEqualTo("order.placed");
        assertThat(event.source()).isEqualTo("/tenants/t1/loadgen");
    }

    @Test
    void eachEventIsItsOwnDocument() {
        envelope.begin(EventType.ORDER_PLACED, "ord_1").writeStringProperty("first", "x".repeat(10_000));
        GeneratedEvent first = envelope.end();
        envelope.begin(EventType.ORDER_PLACED, "ord_2").writeStringProperty("second", "y");
        GeneratedEvent second = envelope.end();

        assertThat(JSON.readTree(first.json()).get("data").propertyNames()).containsExactly("first");
        assertThat(JSON.readTree(second.json()).get("data").propertyNames()).containsExactly("second");
        assertThat(second.json()[0]).isEqualTo((byte) '{');
    }

    @Test
    void anEventLeftUnfinishedDoesNotSpoilTheNext() {
        envelope.begin(EventType.ORDER_PLACED, "ord_1").writeName("items").writeStartArray().writeStartObject();
        envelope.begin(EventType.ORDER_PLACED, "ord_2").writeStringProperty("order_id", "ord_2");

        assertThat(JSON.readTree(envelope.end().json()).get("data").get("order_id").asString()).isEqualTo("ord_2");
    }

    @Test
    void moneyHasTwoDecimals() {
        assertThat(money(0)).isEqualTo("0.00");
        assertThat(money(5)).isEqualTo("0.05");
        assertThat(money(100)).isEqualTo("1.00");
        assertThat(money(7999)).isEqualTo("79.99");
        assertThat(money(123_456_789)).isEqualTo("1234567.89");
        assertThat(money(-5)).isEqualTo("-0.05");
        assertThat(money(Long.MAX_VALUE)).isEqualTo("92233720368547758.07");
    }

    @Test
    void aLoneSurrogateIsWrittenAsAnEscapeAndParsesBackTheSame() {
        envelope.begin(EventType.ORDER_PLACED, "ord_1").writeStringProperty("s", "a\uD800b").writeStringProperty("t", "\uDC00");
        byte[] json = envelope.end().json();

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"s\":\"a\\uD800b\"");
        JsonNode data = JSON.readTree(json).get("data");
        assertThat(data.get("s").asString()).isEqualTo("a\uD800b");
        assertThat(data.get("t").asString()).isEqualTo("\uDC00");
    }

    private String money(long cents) {
        envelope.begin(EventType.ORDER_PLACED, "ord_1").writeNumberProperty("amount", Envelope.money(cents));
        String text = new String(envelope.end().json(), StandardCharsets.UTF_8);
        return text.substring(text.indexOf("\"amount\":") + 9, text.length() - 2);
    }
}
