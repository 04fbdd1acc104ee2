package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonWriterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void writesNestedObjectsAndArraysWithTheirCommas() {
        JsonWriter json = new JsonWriter();
        json.startObject()
                .field("a", "x")
                .field("n", -42)
                .field("t", true)
                .name("list").startArray().value("p").value(1).startObject().field("k", false).endObject()
                .startArray().endArray().endArray()
                .name("empty").startObject().endObject()
                .moneyField("amount", 7999)
                .name("rate").rawValue("0.23")
                .optionalField("absent", null)
                .endObject();

        assertThat(text(json)).isEqualTo(
                "{\"a\":\"x\",\"n\":-42,\"t\":true,\"list\":[\"p\",1,{\"k\":false},[]],\"empty\":{},\"amount\":79.99,\"rate\":0.23}");
    }

    @Test
    void decimalsHaveExactlyTheirScale() {
        assertThat(decimal(0, 2)).isEqualTo("0.00");
        assertThat(decimal(5, 2)).isEqualTo("0.05");
        assertThat(decimal(100, 2)).isEqualTo("1.00");
        assertThat(decimal(123456789, 2)).isEqualTo("1234567.89");
        assertThat(decimal(-5, 2)).isEqualTo("-0.05");
        assertThat(decimal(2208, 1)).isEqualTo("220.8");
        assertThat(decimal(7, 0)).isEqualTo("7");
        assertThat(decimal(Long.MAX_VALUE, 0)).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void stringsRoundTripThroughAJsonParser() {
        String[] samples = {
            "", "plain", "quote \" and backslash \\ and slash /", "tab\tnew line\ncarriage\rbell\u0007nul\u0000",
            "\b\f\u001f\u007f", "Łódź Kraków Göteborg Dvořák", "€ 12 ≥ ∑", "emoji 😀 and 𝄞",
            "Tablet 10\" Wi-Fi + 5G", "O'Brien", "\u2028\u2029"
        };
        for (String sample : samples) {
            JsonWriter json = new JsonWriter();
            json.startObject().field("s", sample).endObject();

            assertThat(JSON.readTree(json.toByteArray()).get("s").asString()).as(sample).isEqualTo(sample);
        }
    }

    @Test
    void randomStringsRoundTripAndGrowTheBuffer() {
        SplittableRandom random = new SplittableRandom(5);
        JsonWriter json = new JsonWriter();
        for (int round = 0; round < 200; round++) {
            StringBuilder sample = new StringBuilder();
            int length = random.nextInt(3000);
            while (sample.length() < length) {
                int cp = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x10FFFF);
                if (Character.getType(cp) != Character.SURROGATE) {
                    sample.appendCodePoint(cp);
                }
            }
            json.reset();
            json.startArray().value(sample.toString()).value(round).endArray();

            JsonNode read = JSON.readTree(json.toByteArray());
            assertThat(read.get(0).asString()).isEqualTo(sample.toString());
            assertThat(read.get(1).asInt()).isEqualTo(round);
        }
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacter() {
        JsonWriter json = new JsonWriter();
        json.startArray().value("a\uD800b").value("\uDC00").value("end\uD83D").endArray();

        assertThat(text(json)).isEqualTo("[\"a\uFFFDb\",\"\uFFFD\",\"end\uFFFD\"]");
    }

    private static String decimal(long unscaled, int scale) {
        JsonWriter json = new JsonWriter();
        json.decimal(unscaled, scale);
        return text(json);
    }

    private static String text(JsonWriter json) {
        return new String(json.toByteArray(), StandardCharsets.UTF_8);
    }
}
