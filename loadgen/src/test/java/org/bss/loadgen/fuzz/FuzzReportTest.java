package org.bss.loadgen.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** fuzz.json and fuzz.md: the counts per family, the findings with their requests, and what the platform showed. */
class FuzzReportTest {

    @TempDir
    Path out;

    private static FuzzReport report(boolean withFinding, PlatformChecks.Memory after) {
        Tally tally = new Tally(FuzzCases.familyNames());
        Findings findings = new Findings();
        tally.add("json", "truncated", Outcome.PROBLEM, 5);
        tally.add("batch", "empty batch", Outcome.BATCH_REFUSED, 5);
        tally.add("slow", "sends nothing", Outcome.CLOSED, 5);
        if (withFinding) {
            FuzzRequest request = new FuzzRequest("framing", "two Content-Length headers", Bytes.ascii("POST /api/v1/events HTTP/1.1\r\n\u0000\r\n"));
            Exchange.Received received = new Exchange.Received(List.of(), Exchange.End.CLOSED, Bytes.ascii("HTTP/1.1 400 \r\n\r\n<html>"), null, 3);
            Verdict verdict = new Verdict(Outcome.NOT_PROBLEM, 400, "text/html", "Content-Type text/html");
            tally.add("framing", request.name(), verdict.outcome(), 3);
            findings.add(17, request, verdict, received);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", "http://localhost:1234");
        settings.put("seed", 1L);
        settings.put("connections", 8);
        PlatformChecks.Memory before = new PlatformChecks.Memory(200e6, 100e6);
        return new FuzzReport("java -jar loadgen/target/bss-loadgen-exec.jar fuzz --admin-key ***", settings,
                new FuzzPass.Result(tally, findings, 1500),
                new FuzzReport.Checks(new PlatformChecks.Marker("fuzz-valid-1", 202, "{}"),
                        new PlatformChecks.Stored(true, 800, List.of("fuzz-valid-1"), List.of()), new PlatformChecks.Health(200, "UP"), before, after),
                Map.of("cores", 2));
    }

    @Test
    void aCleanPassWritesItsCountsAndNoProblems() throws Exception {
        FuzzReport report = report(false, new PlatformChecks.Memory(250e6, 110e6));
        report.write(out);

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(out.resolve("fuzz.json")));
        assertThat(json.path("ok").asBoolean()).isTrue();
        assertThat(json.path("totals").path("sent").asLong()).isEqualTo(3);
        assertThat(json.path("stored").path("events").asInt()).isEqualTo(1);
        assertThat(json.path("memory").path("flat").asBoolean()).isTrue();
        String md = Files.readString(out.resolve("fuzz.md"));
        assertThat(md).contains("**No findings.**").contains("| family | sent | 4xx problem+json | 400 batch answer | closed | findings | withheld |")
                .contains("| json | 1 | 1 | 0 | 0 | 0 | 0 |").contains("--admin-key ***").contains("| cores | 2 |");
    }

    @Test
    void findingsAndARiseOfTheLiveDataAreProblemsWithTheRequestShown() throws Exception {
        FuzzReport report = report(true, new PlatformChecks.Memory(300e6, 100e6 + 30 * 1024 * 1024));
        report.write(out);

        assertThat(report.problems()).hasSize(2);
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(out.resolve("fuzz.json")));
        JsonNode group = json.path("findings").path("groups").get(0);
        assertThat(group.path("family").asString()).isEqualTo("framing");
        assertThat(group.path("contentType").asString()).isEqualTo("text/html");
        assertThat(group.path("samples").get(0).path("sent").asString()).isEqualTo("POST /api/v1/events HTTP/1.1\\r\\n\\x00\\r\\n");
        assertThat(json.path("memory").path("flat").asBoolean()).isFalse();
        assertThat(Files.readString(out.resolve("fuzz.md"))).contains("### framing: 4xx without a problem+json body, 400 text/html (1)")
                .contains("Request #17, two Content-Length headers");
    }

    @Test
    void heapFiguresAreReadFromThePrometheusText() {
        String text = """
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{application="bss-platform",area="heap",id="G1 Eden Space"} 1.84549376E8
                jvm_memory_used_bytes{application="bss-platform",area="heap",id="G1 Old Gen"} 1.4995968E8
                jvm_memory_used_bytes{application="bss-platform",area="nonheap",id="Metaspace"} 1.34783704E8
                jvm_gc_live_data_size_bytes{application="bss-platform"} 1.31756448E8
                """;
        PlatformChecks.Memory memory = PlatformChecks.memory(text);
        assertThat(memory.heapUsed()).isEqualTo(1.84549376E8 + 1.4995968E8);
        assertThat(memory.liveData()).isEqualTo(1.31756448E8);
        assertThat(PlatformChecks.memory("up 1\n")).isNull();
        assertThat(PlatformChecks.memory(text.replace("1.31756448E8", "0.0")).liveData()).as("no old-generation collection yet").isNull();
    }
}
