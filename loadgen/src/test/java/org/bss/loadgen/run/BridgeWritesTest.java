package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bss.loadgen.traffic.GeneratedEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BridgeWritesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BridgeWrites WRITES = new BridgeWrites(URI.create("http://127.0.0.1:8080"), "bench.events");
    private static final GeneratedEvent ORDER = event("e1", "customer/c-\"1\"");
    private static final GeneratedEvent SIGNUP = event("e2", null);

    @Test
    void eachEventIsARecordItsValueTheCloudEventItsKeyTheTenantAndSubjectOrSource() {
        JsonNode body = JSON.readTree(WRITES.body("t1", List.of(ORDER, SIGNUP)));

        assertThat(body.size()).isEqualTo(1);
        JsonNode records = body.path("records");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).path("key").asString()).isEqualTo("t1/customer/c-\"1\"");
        assertThat(records.get(0).path("value")).isEqualTo(JSON.readTree(ORDER.json()));
        assertThat(records.get(1).path("key").asString()).isEqualTo("t1//tenants/t1");
        assertThat(records.get(1).path("value")).isEqualTo(JSON.readTree(SIGNUP.json()));
        assertThat(new String(WRITES.body("t1", List.of(ORDER, SIGNUP)), StandardCharsets.UTF_8)).as("the events' own bytes")
                .contains(new String(ORDER.json(), StandardCharsets.UTF_8), new String(SIGNUP.json(), StandardCharsets.UTF_8));
    }

    @Test
    void theHeadNamesTheTopicAndTheBridgesContentTypeAndNoCredential() {
        String head = new String(WRITES.head(new org.bss.loadgen.platform.Credential.ApiKey("secret").header()),
                StandardCharsets.ISO_8859_1);

        assertThat(head).isEqualTo("POST /topics/bench.events HTTP/1.1\r\nContent-Type: application/vnd.kafka.json.v2+json\r\n"
                + "Accept: application/vnd.kafka.v2+json\r\n");
    }

    @Test
    void aWriteIsAcceptedWhenEveryOffsetCameBackWithoutAnErrorCode() {
        WriteFormat.Outcome outcome = WRITES.outcome(200, bytes("{\"offsets\":[{\"partition\":3,\"offset\":17},"
                + "{\"partition\":0,\"offset\":4}]}"), List.of(ORDER, SIGNUP));

        assertThat(outcome).isEqualTo(new WriteFormat.Outcome(200, List.of(ORDER, SIGNUP)));
    }

    @Test
    void aRecordsErrorInsideA200MakesTheWriteAnErrorUnderItsCodeTheOtherRecordsAccepted() {
        WriteFormat.Outcome outcome = WRITES.outcome(200, bytes("{\"offsets\":[{\"partition\":3,\"offset\":17},"
                + "{\"error_code\":404,\"message\":\"Topic bench.events not present in metadata\"}]}"), List.of(ORDER, SIGNUP));

        assertThat(outcome).isEqualTo(new WriteFormat.Outcome(404, List.of(ORDER)));
    }

    @Test
    void a200WhoseOffsetsCannotBeReadOrDoNotMatchTheRecordsAcceptsNothing() {
        assertThat(WRITES.outcome(200, bytes("{\"offsets\":[{\"partition\":3,\"offset\":17}]}"), List.of(ORDER, SIGNUP)))
                .isEqualTo(new WriteFormat.Outcome(BridgeWrites.UNREADABLE, List.of()));
        assertThat(WRITES.outcome(200, bytes("<html>"), List.of(ORDER)))
                .isEqualTo(new WriteFormat.Outcome(BridgeWrites.UNREADABLE, List.of()));
        assertThat(WRITES.outcome(200, bytes("{\"offsets\":[{\"partition\":3}]}"), List.of(ORDER)))
                .isEqualTo(new WriteFormat.Outcome(BridgeWrites.UNREADABLE, List.of()));
    }

    @Test
    void anyOtherStatusCountsAsItselfAndAcceptsNothing() {
        assertThat(WRITES.outcome(422, bytes("{\"error_code\":422,\"message\":\"bad\"}"), List.of(ORDER)))
                .isEqualTo(new WriteFormat.Outcome(422, List.of()));
        assertThat(WRITES.outcome(0, null, List.of(ORDER))).isEqualTo(new WriteFormat.Outcome(0, List.of()));
    }

    @Test
    void aTopicKafkaWouldRefuseIsRefused() {
        assertThatThrownBy(() -> new BridgeWrites(URI.create("http://127.0.0.1:8080"), "a/b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a/b' is not a Kafka topic name");
    }

    private static GeneratedEvent event(String id, String subject) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/tenants/t1\",\"type\":\"order.placed\""
                + (subject == null ? "" : ",\"subject\":" + JSON.writeValueAsString(subject)) + ",\"data\":{\"amount\":12.5}}";
        return new GeneratedEvent(id, "/tenants/t1", "order.placed", subject, bytes(json));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
