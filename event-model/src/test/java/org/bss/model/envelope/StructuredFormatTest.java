package org.bss.model.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StructuredFormatTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsJsonDataByteForByte() {
        String data = "{ \"amount\" : 100.50,\n \"currency\":\"USD\", \"z\":1, \"a\":[1, 2.0] }";
        CloudEvent event = StructuredFormat.read(bytes("""
                {"specversion":"1.0","type":"payment.created","id":"evt-1","source":"/tenants/t1",
                 "time":"2025-11-07T10:30:00Z","tenantid":"t1","data":%s}""".formatted(data)));

        assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo(data);
        assertThat(event.extensions()).containsEntry("tenantid", "t1");
        assertThat(EnvelopeRules.check(event)).isEmpty();
    }

    @Test
    void writesWhatItReads() {
        byte[] json = bytes("""
                {"specversion":"1.0","id":"1","source":"urn:x","type":"t","subject":"s","time":"2025-11-07T10:30:00Z","datacontenttype":"application/json","flag":true,"n":7,"data":[1,"two",{"x":null}]}""");
        CloudEvent event = StructuredFormat.read(json);

        assertThat(new String(StructuredFormat.write(event), StandardCharsets.UTF_8)).isEqualTo(new String(json, StandardCharsets.UTF_8));
        assertThat(StructuredFormat.read(StructuredFormat.write(event))).isEqualTo(event);
    }

    @Test
    void scalarAndStringData() {
        assertThat(StructuredFormat.read(bytes("{\"data\":42 ,\"id\":\"1\"}")).data()).isEqualTo(bytes("42"));
        assertThat(StructuredFormat.read(bytes("{\"data\":\"a\\\"b\"}")).data()).isEqualTo(bytes("\"a\\\"b\""));
        CloudEvent text = StructuredFormat.read(bytes("{\"datacontenttype\":\"text/plain\",\"data\":\"a\\\"b\"}"));
        assertThat(text.data()).isEqualTo(bytes("a\"b"));
        CloudEvent binary = StructuredFormat.read(bytes("{\"datacontenttype\":\"application/octet-stream\",\"data_base64\":\"AAEC\"}"));
        assertThat(binary.data()).containsExactly(0, 1, 2);
        assertThat(StructuredFormat.read(StructuredFormat.write(binary)).data()).containsExactly(0, 1, 2);
    }

    @Test
    void refusesObjectExtensionNamingIt() {
        assertThatThrownBy(() -> StructuredFormat.read(bytes("""
                {"specversion":"1.0","type":"x","source":"urn:a","id":"1","comdroidbss":{"tenant_id":"t"},"data":{}}""")))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> {
                            assertThat(v.pointer()).isEqualTo("/comdroidbss");
                            assertThat(v.message()).contains("not an object");
                        }));
    }

    @Test
    void refusesBrokenJsonAndNonObjects() {
        for (String body : new String[] {"{", "not json", "[]", "\"x\"", "{\"id\":\"1\"} {}", "{\"id\":\"1\",\"id\":\"2\"}"}) {
            assertThatThrownBy(() -> StructuredFormat.read(bytes(body))).as(body).isInstanceOf(InvalidEventException.class);
        }
    }

    @Test
    void rulesNameEachBadAttribute() {
        CloudEvent event = StructuredFormat.read(bytes("""
                {"specversion":"0.3","id":"","source":"not a uri","time":"yesterday","dataschema":"relative/path","Bad_Name":"x"}"""));

        assertThat(EnvelopeRules.check(event)).extracting(Violation::pointer)
                .containsExactlyInAnyOrder("/specversion", "/id", "/source", "/type", "/time", "/dataschema", "/Bad_Name");
    }

    @Test
    void controlCharactersInStringAttributesAreNamed() {
        CloudEvent event = StructuredFormat.read(bytes("""
                {"specversion":"1.0","id":"a\\u0000b","source":"/s","type":"t\\tx","subject":"ok","note":"line\\nbreak"}"""));

        assertThat(EnvelopeRules.check(event)).extracting(Violation::pointer)
                .containsExactlyInAnyOrder("/id", "/type", "/note");
    }
}
