package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.bss.loadgen.LoadGenerator;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.stream.StreamFilter;
import org.bss.loadgen.traffic.Anomaly;
import org.bss.loadgen.traffic.EventMix;
import org.bss.loadgen.verify.VerifyCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class CommandOptionsTest {

    @Test
    void defaults() {
        RunCommand run = run();

        assertThat(run.scenario()).isEqualTo(Scenario.Constant.steady(400_000 / 60.0, Duration.ofSeconds(60)));
        assertThat(run.warmup).isZero();
        assertThat(run.timeout).isEqualTo(Duration.ofSeconds(30));
        assertThat(run.settle).isEqualTo(Duration.ofSeconds(60));
        assertThat(run.mix).isNull();
        assertThat(run.reads).isZero();
        assertThat(run.subscribers).isZero();
        assertThat(run.subscribeQuery).isSameAs(StreamFilter.ALL);
        assertThat(run.maxMissed).isNull();
        assertThat(run.minRatePercent).isEqualTo(99);
    }

    @Test
    void theRateThresholdIsAWholePercentageAndZeroTurnsItOff() {
        assertThat(run("--min-rate-percent", "95").minRatePercent).isEqualTo(95);
        assertThat(run("--min-rate-percent", "0").minRatePercent).isZero();
    }

    @Test
    void subscribersTheirFilterAndTheirThreshold() {
        RunCommand run = run("--subscribers", "1000", "--subscribe-query", "type=order.placed&type=order.cancelled",
                "--max-missed", "0");

        assertThat(run.subscribers).isEqualTo(1000);
        assertThat(run.subscribeQuery).isEqualTo(StreamFilter.parse("type=order.placed&type=order.cancelled"));
        assertThat(run.subscribeQuery.query()).isEqualTo("type=order.placed&type=order.cancelled");
        assertThat(run.maxMissed).isZero();
    }

    @Test
    void readsAreAWholePercentage() {
        assertThat(run("--reads", "20").reads).isEqualTo(20);
        assertThat(run("--reads=0").reads).isZero();
        assertThat(run("--reads", "100%").reads).isEqualTo(100);
    }

    @Test
    void ratesDurationsAndTheMixInTheirUnits() {
        RunCommand run = run("--scenario", "ramp", "--rate", "400k/min", "--ramp-from", "1,000/s", "--duration", "5m",
                "--warmup", "500ms", "--timeout", "2", "--settle", "1h", "--mix", "order.placed=3, customer.created=1");

        assertThat(run.scenario()).isEqualTo(new Scenario.Ramp(1000, 400_000 / 60.0, Duration.ofMinutes(5)));
        assertThat(run.warmup).isEqualTo(Duration.ofMillis(500));
        assertThat(run.timeout).isEqualTo(Duration.ofSeconds(2));
        assertThat(run.settle).isEqualTo(Duration.ofHours(1));
        assertThat(run.mix).isEqualTo(EventMix.parse("order.placed=3,customer.created=1"));

        assertThat(run("--scenario", "spike", "--rate", "3600/h", "--spike-at", "1m", "--spike-for", "30s").scenario())
                .isEqualTo(new Scenario.Spike(1, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofSeconds(30), 2));
        assertThat(run("--scenario", "soak", "--rate", "6667").scenario())
                .isEqualTo(Scenario.Constant.soak(6667, Duration.ofMinutes(30)));
    }

    @Test
    void injectionsAreRepeatableAndNameAKindAStartADurationAndATenant() {
        RunCommand run = run("--inject", "payment-failures@10m+5m:2", "--inject", "Silence@90s+500ms",
                "--inject", "order-burst@0+1h:lg-abc-3");

        assertThat(run.injects).containsExactly(
                new InjectSpec(Anomaly.PAYMENT_FAILURES, Duration.ofMinutes(10), Duration.ofMinutes(5), "2"),
                new InjectSpec(Anomaly.SILENCE, Duration.ofSeconds(90), Duration.ofMillis(500), null),
                new InjectSpec(Anomaly.ORDER_BURST, Duration.ZERO, Duration.ofHours(1), "lg-abc-3"));
        assertThat(run.injects).extracting(InjectSpec::toString)
                .containsExactly("payment-failures@10m+5m:2", "silence@90s+500ms", "order-burst@0s+1h:lg-abc-3");
        assertThat(run().injects).isEmpty();
    }

    @Test
    void anInjectionsTenantIsItsNumberAmongTheRunsTenantsOrItsId() {
        List<TenantKey> tenants = List.of(new TenantKey("lg-a-1", "k1"), new TenantKey("lg-a-2", "k2"));

        assertThat(InjectSpec.parse("silence@1m+1m").tenantOf(tenants)).isEqualTo(tenants.get(0));
        assertThat(InjectSpec.parse("silence@1m+1m:2").tenantOf(tenants)).isEqualTo(tenants.get(1));
        assertThat(InjectSpec.parse("silence@1m+1m:lg-a-2").tenantOf(tenants)).isEqualTo(tenants.get(1));
        assertThatThrownBy(() -> InjectSpec.parse("silence@1m+1m:lg-b-1").tenantOf(tenants))
                .hasMessage("--inject silence@1m+1m:lg-b-1: 'lg-b-1' is none of the run's tenants (lg-a-1, lg-a-2)");
    }

    @Test
    void verifySettlesForADuration() {
        CommandLine line = LoadGenerator.commandLine();
        line.parseArgs("verify", "out", "--settle", "90s");

        assertThat(((VerifyCommand) line.getSubcommands().get("verify").getCommand()))
                .extracting("settle").isEqualTo(Duration.ofSeconds(90));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(new String[] {"run", "--rate", "fast"}, "Invalid value for option '--rate': 'fast' is not a rate: "
                        + "use e.g. 400000/min, 400k/min, 6667/s or 6667 (per second)"),
                Arguments.of(new String[] {"run", "--rate", "0/s"},
                        "Invalid value for option '--rate': rate must be a positive number of events"),
                Arguments.of(new String[] {"run", "--ramp-from", "10/week"}, "Invalid value for option '--ramp-from': "
                        + "'10/week' is not a rate: use e.g. 400000/min, 400k/min, 6667/s or 6667 (per second)"),
                Arguments.of(new String[] {"run", "--duration", "soon"},
                        "Invalid value for option '--duration': 'soon' is not a duration: use e.g. 60s, 5m, 1h or 500ms"),
                Arguments.of(new String[] {"run", "--warmup", "-5s"},
                        "Invalid value for option '--warmup': '-5s' is not a duration: use e.g. 60s, 5m, 1h or 500ms"),
                Arguments.of(new String[] {"run", "--timeout", "PT30S"},
                        "Invalid value for option '--timeout': 'PT30S' is not a duration: use e.g. 60s, 5m, 1h or 500ms"),
                Arguments.of(new String[] {"run", "--spike-at", "1d"},
                        "Invalid value for option '--spike-at': '1d' is not a duration: use e.g. 60s, 5m, 1h or 500ms"),
                Arguments.of(new String[] {"run", "--spike-for", ""},
                        "Invalid value for option '--spike-for': '' is not a duration: use e.g. 60s, 5m, 1h or 500ms"),
                Arguments.of(new String[] {"run", "--settle", "later"},
                        "Invalid value for option '--settle': 'later' is not a duration: use e.g. 60s, 5m, 1h or 500ms"),
                Arguments.of(new String[] {"run", "--scenario", "burst"},
                        "Invalid value for option '--scenario': expected one of [steady, ramp, spike, soak] (case-sensitive) "
                                + "but was 'burst'"),
                Arguments.of(new String[] {"run", "--mix", "order.placed=many"},
                        "Invalid value for option '--mix': the weight \"many\" of order.placed is not a whole number from 0 to "
                                + "1000000"),
                Arguments.of(new String[] {"run", "--reads", "-1"},
                        "Invalid value for option '--reads': '-1' is not a percentage: use a whole number from 0 to 100"),
                Arguments.of(new String[] {"run", "--reads", "101"},
                        "Invalid value for option '--reads': '101' is not a percentage: use a whole number from 0 to 100"),
                Arguments.of(new String[] {"run", "--reads", "abc"},
                        "Invalid value for option '--reads': 'abc' is not a percentage: use a whole number from 0 to 100"),
                Arguments.of(new String[] {"run", "--reads", "12.5"},
                        "Invalid value for option '--reads': '12.5' is not a percentage: use a whole number from 0 to 100"),
                Arguments.of(new String[] {"run", "--min-rate-percent", "101"}, "Invalid value for option "
                        + "'--min-rate-percent': '101' is not a percentage: use a whole number from 0 to 100"),
                Arguments.of(new String[] {"run", "--inject", "silence"},
                        "Invalid value for option '--inject' (<anomaly>): 'silence' has no '@<start>': use <kind>@<start>+<duration>[:<tenant>], "
                                + "e.g. payment-failures@10m+5m:2"),
                Arguments.of(new String[] {"run", "--inject", "outage@1m+1m"},
                        "Invalid value for option '--inject' (<anomaly>): 'outage' of 'outage@1m+1m' is not a kind of anomaly: use one of "
                                + "payment-failures, order-drop, revenue-jump, order-burst, silence"),
                Arguments.of(new String[] {"run", "--inject", "silence@soon+1m"},
                        "Invalid value for option '--inject' (<anomaly>): the start of 'silence@soon+1m': 'soon' is not a duration: "
                                + "use e.g. 60s, 5m, 1h or 500ms"),
                Arguments.of(new String[] {"run", "--inject", "silence@1m"},
                        "Invalid value for option '--inject' (<anomaly>): 'silence@1m' has no '+<duration>': use "
                                + "<kind>@<start>+<duration>[:<tenant>], e.g. payment-failures@10m+5m:2"),
                Arguments.of(new String[] {"run", "--inject", "silence@1m+1d"},
                        "Invalid value for option '--inject' (<anomaly>): the duration of 'silence@1m+1d': '1d' is not a duration: "
                                + "use e.g. 60s, 5m, 1h or 500ms"),
                Arguments.of(new String[] {"run", "--inject", "silence@1m+0s"},
                        "Invalid value for option '--inject' (<anomaly>): the duration of 'silence@1m+0s' must be longer than 0"),
                Arguments.of(new String[] {"run", "--inject", "silence@1m+1m:"},
                        "Invalid value for option '--inject' (<anomaly>): 'silence@1m+1m:' has no tenant after ':': give its number "
                                + "(1 is the first) or id, or leave ':' out for the first"),
                Arguments.of(new String[] {"run", "--inject", "silence@1m+1m:0"},
                        "Invalid value for option '--inject' (<anomaly>): the tenant '0' of 'silence@1m+1m:0' is not a tenant's number: "
                                + "the first is 1"),
                Arguments.of(new String[] {"run", "--subscribe-query", "dataschema=x"},
                        "Invalid value for option '--subscribe-query': 'dataschema' is not a filter the load "
                                + "generator can check: use type, source, subject or id, alone (exact) or after prefix., "
                                + "suffix. or not."),
                Arguments.of(new String[] {"run", "--subscribers", "many"},
                        "Invalid value for option '--subscribers': 'many' is not an int"),
                Arguments.of(new String[] {"verify", "out", "--settle", "later"},
                        "Invalid value for option '--settle': 'later' is not a duration: use e.g. 60s, 5m, 1h or 500ms"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueIsReportedNamingItsOption(String[] args, String message) {
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        int code = line.execute(args);

        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).startsWith(message + System.lineSeparator()).contains("Usage: bss-loadgen " + args[0]);
    }

    @Test
    void aZeroDurationIsRefusedBeforeAnythingIsSent() {
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        assertThat(line.execute("run", "--duration", "0s")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("bss-loadgen: --duration must be positive" + System.lineSeparator());
    }

    private static RunCommand run(String... options) {
        CommandLine line = LoadGenerator.commandLine();
        line.parseArgs(Stream.concat(Stream.of("run"), Stream.of(options)).toArray(String[]::new));
        return line.getSubcommands().get("run").getCommand();
    }
}
