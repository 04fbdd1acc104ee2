package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.bss.loadgen.LoadGenerator;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator's fuzz pass against the running platform: 600 generated malformed requests over raw sockets,
 * each refused with a 4xx problem (or the connection closed), nothing of them stored, the platform healthy after.
 */
class FuzzPassTest extends ApiTest {

    @TempDir
    Path out;

    @Test
    void malformedRequestsAreRefusedWithProblemsAndNoneIsStored() throws IOException {
        String adminKey = tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret();

        int exitCode = LoadGenerator.commandLine().execute("fuzz", "--url", "http://localhost:" + port, "--admin-key", adminKey,
                "--requests", "600", "--seed", "1", "--out", out.toString(), "--connections", "8");

        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(out.resolve("fuzz.json")));
        assertThat(report.path("totals").path("sent").asLong()).isEqualTo(600);
        assertThat(Files.readString(out.resolve("fuzz.md"))).contains("| family | sent | 4xx problem+json |");
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(findings(report)).as("requests that got something else than a 4xx problem or a closed connection").isEmpty();
            softly.assertThat(report.path("totals").path("withheld").asLong()).as("requests not sent").isZero();
            softly.assertThat(report.path("validEvent").path("status").asInt()).as("the valid event after the pass").isEqualTo(202);
            softly.assertThat(report.path("stored").path("events").asInt()).as("events stored for the pass's tenant").isEqualTo(1);
            softly.assertThat(report.path("stored").path("otherTenantEvents").asInt()).as("events stored for the other tenant").isZero();
            softly.assertThat(report.path("health").path("status").asString()).isEqualTo("UP");
            // The live data after GC is judged by the pass against a platform of its own: here the JVM also holds
            // what the other test classes left running, so its heap is no measure of this pass.
            List<String> problems = report.path("problems").valueStream().map(JsonNode::asString)
                    .filter(problem -> !problem.startsWith("the live data after GC")).toList();
            softly.assertThat(problems).as("the pass's problems").isEmpty();
            softly.assertThat(exitCode).as("exit code (3: problems)").isIn(0, problems.isEmpty() ? 3 : 0);
        });
    }

    /** Each group of findings on a line: family, what, status and content type, how many, and a request of it. */
    private static List<String> findings(JsonNode report) {
        List<String> lines = new ArrayList<>();
        for (JsonNode group : report.path("findings").path("groups")) {
            JsonNode sample = group.path("samples").path(0);
            String sent = sample.path("sent").asString("");
            String answer = sample.path("answer").asString("");
            lines.add(String.format("%s: %s, %d %s, %d requests (%s)%n    e.g. #%d %s: %s%n    answered: %s", group.path("family").asString(),
                    group.path("what").asString(), group.path("status").asInt(), group.path("contentType").asString(), group.path("count").asLong(),
                    group.path("cases"), sample.path("request").asInt(), sample.path("case").asString(),
                    sent.length() > 300 ? sent.substring(0, 300) + "..." : sent, answer.length() > 300 ? answer.substring(0, 300) + "..." : answer));
        }
        return lines;
    }
}
