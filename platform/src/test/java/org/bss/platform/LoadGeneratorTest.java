package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import org.bss.loadgen.LoadGenerator;
import org.bss.loadgen.run.ClosedLoop;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator against the real platform: its generated traffic passes the platform's own validation (every
 * event accepted), and its verifier finds every accepted event stored once, and says so when one is missing.
 */
class LoadGeneratorTest extends ApiTest {

    @TempDir
    Path out;
    String adminKey;

    @BeforeEach
    void adminKey() {
        adminKey = tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret();
    }

    private record Outcome(int exitCode, String output) {
    }

    private Outcome loadgen(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        try {
            var line = LoadGenerator.commandLine();
            line.setErr(new PrintWriter(tee, true));
            int code = line.execute(args);
            return new Outcome(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
            original.print(captured.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void generatedTrafficIsAcceptedAndStoredExactlyOnce() throws IOException {
        Outcome run = loadgen("run", "--url", "http://localhost:" + port, "--admin-key", adminKey, "--rate", "300/s",
                "--duration", "3s", "--tenants", "2", "--connections", "8", "--verify", "--settle", "60s", "--max-lost", "0",
                "--max-error-rate", "0", "--min-rate-percent", "0", "--out", out.toString(), "--name", "it");

        assertThat(run.output()).contains("missing 0  duplicated 0");
        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(out.resolve("it.json")));
        assertThat(report.toString()).contains("\"202\"");
        assertThat(Files.readAllLines(out.resolve("accepted.tsv"))).hasSizeGreaterThan(800);
        assertThat(out.resolve("it.html")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("tenants.tsv"))).startsWith("lg-");
    }

    @Test
    void batchesAreAcceptedAndVerifyReportsAnEventThatIsNotStored() throws IOException {
        Outcome run = loadgen("run", "--url", "http://localhost:" + port, "--admin-key", adminKey, "--rate", "2000/s",
                "--duration", "2s", "--batch", "50", "--tenants", "1", "--connections", "4", "--max-error-rate", "0",
                "--min-rate-percent", "0", "--out", out.toString(), "--name", "batch");
        assertThat(run.exitCode()).as(run.output()).isZero();
        String firstLine = Files.readAllLines(out.resolve("accepted.tsv")).getFirst();
        String tenant = firstLine.split("\t")[0];
        Files.writeString(out.resolve("accepted.tsv"), tenant + "\t/tenants/" + tenant + "/loadgen\tnever-sent-1\n",
                StandardOpenOption.APPEND);

        Outcome verify = loadgen("verify", out.toString(), "--url", "http://localhost:" + port, "--settle", "5s");

        assertThat(verify.output()).contains("missing 1  duplicated 0").contains("never-sent-1");
        assertThat(verify.exitCode()).isEqualTo(3);
    }

    @Test
    void theClosedLoopOfTheHttpCeilingCountsAnswersOfTheLivenessEndpoint() {
        ClosedLoop.Result result = ClosedLoop.run(URI.create("http://localhost:" + port + "/actuator/health/liveness"), 4,
                Duration.ofMillis(200), Duration.ofSeconds(1));

        assertThat(result.okPerSecond()).isPositive();
        assertThat(result.failed()).isZero();
        assertThat(result.p99Ms()).isGreaterThanOrEqualTo(result.p50Ms()).isPositive();
    }

    @Test
    void aRunWithoutAnAdminKeySaysHowToGiveOne() {
        Outcome run = loadgen("run", "--url", "http://localhost:" + port, "--admin-key-file", out.resolve("none").toString(),
                "--duration", "1s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("no admin key").contains("--admin-key");
    }
}
