package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every malformed event of the corpus gets its status and pointer, and none of them reaches Kafka. */
class MalformedCorpusTest extends ApiTest {


    @Test
    void eachMalformedEventIsRefusedAsExpectedAndNoneReachesKafka() throws Exception {
        String tenant = "corpus-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        String key = tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ), null).secret();
        List<MalformedCorpus.Case> cases = MalformedCorpus.cases(tenant);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        HttpClient http = HttpClient.newHttpClient();
        JsonMapper json = JsonMapper.builder().build();
        List<String> failures = new ArrayList<>();

        try (TopicReader topic = new TopicReader(bootstrapServers, "bss.events")) {
            for (MalformedCorpus.Case c : cases) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events"))
                        .header("X-API-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(c.body()));
                c.headers().forEach(request::header);
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String contentType = response.headers().firstValue("Content-Type").orElse("");
                if (response.statusCode() != c.status() || !contentType.startsWith("application/problem+json")) {
                    failures.add(c + ": expected " + c.status() + " problem, got " + response.statusCode() + " " + contentType + " " + response.body());
                    continue;
                }
                if (c.pointer() != null) {
                    JsonNode errors = json.readTree(response.body()).get("errors");
                    List<String> pointers = errors == null ? List.of() : errors.valueStream().map(e -> e.get("pointer").asString()).toList();
                    if (!pointers.contains(c.pointer())) {
                        failures.add(c + ": expected pointer " + c.pointer() + ", got " + pointers + " " + response.body());
                    }
                }
            }
            String marker = "marker-" + UUID.randomUUID();
            ApiClient.Response accepted = client(key).postEvent(
                    MalformedCorpus.json(MalformedCorpus.valid(tenant)).replace("\"evt-1\"", "\"" + marker + "\""));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);

            List<ConsumerRecord<String, CloudEvent>> records = topic.readUntil(e -> e.getId().equals(marker));
            assertThat(records.stream().map(ConsumerRecord::value)
                    .filter(e -> tenant.equals(e.getExtension("tenantid")))
                    .map(CloudEvent::getId))
                    .containsExactly(marker);
        }
        assertThat(failures).isEmpty();
    }
}
