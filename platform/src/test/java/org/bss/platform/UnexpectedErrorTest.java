package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bug is the platform's fault: 500 with an error id that finds its log line (JSON, with the request's tenant and
 * trace); only bad input is 400.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnexpectedErrorTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anIllegalArgumentFromABugIs500WithAnErrorIdThatIsInTheLog(CapturedOutput output) {
        ApiClient api = newTenantClient("bug");

        ApiClient.Response response = api.get("/api/v1/test-faults/illegal-argument");

        assertThat(response.status()).as(response.toString()).isEqualTo(500);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:bss:problem:internal-error");
        assertThat(response.body()).doesNotContain("a bug: an argument no client sent");
        String errorId = response.json().get("errorId").asString();
        assertThat(UUID.fromString(errorId)).isNotNull();
        assertThat(output.getOut().lines().filter(l -> l.contains("Unexpected error " + errorId))).hasSize(1);
    }

    @Test
    void theErrorsLogLineIsJsonWithTheTenantAndTheTraceOfTheRequest(CapturedOutput output) {
        ApiClient api = newTenantClient("logged");

        String errorId = api.get("/api/v1/test-faults/illegal-argument").json().get("errorId").asString();

        String line = output.getOut().lines().filter(l -> l.contains("Unexpected error " + errorId)).findFirst().orElseThrow();
        JsonNode logged = JSON.readTree(line);
        assertThat(logged.get("message").asString()).isEqualTo("Unexpected error " + errorId);
        assertThat(logged.get("log").get("level").asString()).isEqualTo("ERROR");
        assertThat(logged.get("tenant").asString()).matches("logged-[0-9a-f]{8}");
        assertThat(logged.get("traceId").asString()).matches("[0-9a-f]{32}");
        assertThat(logged.get("spanId").asString()).matches("[0-9a-f]{16}");
        assertThat(logged.get("error").get("stack_trace").asString()).contains("a bug: an argument no client sent");
    }

    @Test
    void badInputIsStill400() {
        ApiClient api = newTenantClient("bad-input");

        ApiClient.Response limit = api.get("/api/v1/events?limit=0");
        ApiClient.Response cursor = api.get("/api/v1/events?after=nonsense");

        for (ApiClient.Response response : java.util.List.of(limit, cursor)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.json().get("type").asString()).isEqualTo("urn:bss:problem:malformed-request");
        }
        assertThat(limit.json().get("detail").asString()).isEqualTo("limit must be between 1 and 1000");
    }
}
