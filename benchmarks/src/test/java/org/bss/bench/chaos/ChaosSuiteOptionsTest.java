package org.bss.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChaosSuiteOptionsTest {

    @Test
    void theDefaultsRunEveryScenarioOnThreeBrokersAfterAWarmUp() {
        ChaosSuite.Settings settings = ChaosSuite.parse(new String[0]);

        assertThat(settings.scenarios()).extracting(Scenario::name)
                .containsExactlyElementsOf(Scenario.all().stream().map(Scenario::name).toList());
        assertThat(settings.rate()).isEqualTo("50000/min");
        assertThat(settings.brokers()).isEqualTo(3);
        assertThat(settings.warmUp()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.readModels()).isTrue();
    }

    @Test
    void shortScenariosLastAFewSecondsAndSkipTheWarmUp() {
        ChaosSuite.Settings settings = ChaosSuite.parse(new String[] {"--short", "--scenarios", "redis-kill, postgres-kill",
                "--brokers", "1", "--no-read-models"});

        assertThat(settings.scenarios()).extracting(Scenario::name).containsExactly("redis-kill", "postgres-kill");
        assertThat(settings.scenarios()).allSatisfy(s -> assertThat(s.length()).isLessThan(Duration.ofSeconds(20)));
        assertThat(settings.warmUp()).isZero();
        assertThat(settings.brokers()).isEqualTo(1);
        assertThat(settings.readModels()).isFalse();
    }

    @Test
    void aWarmUpTakesALength() {
        assertThat(ChaosSuite.parse(new String[] {"--warm-up", "90s"}).warmUp()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void anUnknownScenarioIsRefusedNamingTheOnesThereAre() {
        assertThatThrownBy(() -> ChaosSuite.parse(new String[] {"--scenarios", "kafka-melt"}))
                .hasMessageContaining("no scenario kafka-melt").hasMessageContaining("kafka-broker-kill");
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThatThrownBy(() -> ChaosSuite.parse(new String[] {"--rates", "1/min"}))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--rates");
    }
}
