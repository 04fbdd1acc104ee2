package org.bss.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite's short variants, as the suite runs them: a broker of three killed (-9) and restarted, PostgreSQL
 * killed (-9) and restarted, Redis killed and restarted empty, and the platform killed (-9) mid-load and restarted,
 * each for a few seconds under load. Every event the platform accepted is stored exactly once, and the read models
 * the live projection kept through it all equal a rebuild from the store.
 */
class ChaosScenariosTest {

    @TempDir
    Path work;

    @Test
    void nothingAcceptedIsLostOrStoredTwiceWhateverFails() throws Exception {
        List<Scenario> scenarios = List.of("kafka-broker-kill", "postgres-kill", "redis-kill", "platform-kill").stream()
                .map(Scenario::named).map(Scenario::shortened).toList();
        ChaosSuite.Settings settings = new ChaosSuite.Settings(scenarios, "30000/min", 32, work,
                Path.of("target", "chaos"), "chaos-short", 0, true, "ChaosScenariosTest", List.of("-Xmx512m"), 3,
                Duration.ZERO);

        List<ScenarioResult> results = ChaosSuite.run(settings);

        assertThat(results).extracting(r -> r.scenario().name())
                .containsExactly("kafka-broker-kill", "postgres-kill", "redis-kill", "platform-kill");
        for (ScenarioResult result : results) {
            assertThat(result.accepted()).as(result.scenario().name() + ": accepted").isPositive();
            assertThat(result.missing()).as(result.scenario().name() + ": missing").isZero();
            assertThat(result.duplicated()).as(result.scenario().name() + ": duplicated").isZero();
            assertThat(result.readModels()).as(result.scenario().name() + ": read models").isEqualTo("equal");
        }
        // the first scenario's steady window may fall in the cold platform's first seconds, with no event accepted
        assertThat(results).as("CPU per event in a steady window").anySatisfy(result -> assertThat(result.cpuMicrosPerEvent())
                .containsKeys("platform", "kafka", "postgresql", "redis", "total"));
        assertThat(results.get(3).count(0)).as("requests left unanswered while the platform was down").isPositive();
    }
}
