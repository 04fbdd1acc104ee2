package org.bss.bench.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.bss.loadgen.LoadGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one scenario: the load generator drives the first instance for the scenario's length while the fault is
 * injected and healed on its schedule; then the load generator verifies that every accepted event is stored exactly
 * once, and its report is read back.
 *
 * @param rate        the load, e.g. {@code 50000/min}
 * @param connections requests in flight at most
 * @param settle      how long verification waits for the store to catch up
 */
public record ScenarioRunner(String rate, int connections, Duration settle, String adminKey) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Executor OWN_THREAD = task -> Thread.ofPlatform().daemon().start(task);

    /**
     * Load at the run's rate on tenants of its own, before the first scenario and outside every figure, so that the
     * scenarios measure a compiled platform rather than its JIT.
     */
    public void warmUp(Platforms platforms, Duration length, Path out) {
        if (length.isZero()) {
            return;
        }
        System.out.printf("%n== warm-up: %s s at %s, not part of any figure%n", length.toSeconds(), rate);
        LoadGenerator.commandLine().execute(load(platforms, length, 0, out.resolve("warm-up"), "warm-up")
                .toArray(String[]::new));
    }

    /** The load generator's {@code run} at this rate on four new tenants, its report named {@code name} in {@code out}. */
    private List<String> load(Platforms platforms, Duration length, int seed, Path out, String name) {
        return new ArrayList<>(List.of("run", "--url", platforms.first().baseUrl(), "--admin-key", adminKey,
                "--rate", rate, "--duration", length.toSeconds() + "s", "--connections", String.valueOf(connections),
                "--tenants", "4", "--timeout", "10s", "--seed", String.valueOf(seed), "--out", out.toString(),
                "--name", name));
    }

    public ScenarioResult run(Scenario scenario, ChaosServers servers, Platforms platforms, Path out, int seed)
            throws Exception {
        Path folder = Files.createDirectories(out.resolve(scenario.name()));
        List<String> args = load(platforms, scenario.length(), seed, folder, scenario.name());
        args.addAll(List.of("--verify", "--settle", settle.toSeconds() + "s"));
        System.out.printf("%n== %s: %s (%s before, %s of fault, %s after)%n", scenario.name(), scenario.what(),
                scenario.before().toSeconds() + " s", scenario.faultFor().toSeconds() + " s", scenario.after().toSeconds() + " s");
        long startedAt = System.currentTimeMillis();
        // Threads of their own: the common pool has a single thread on two cores, and the heal must not wait for the
        // load to end.
        CompletableFuture<Integer> load = CompletableFuture.supplyAsync(
                () -> LoadGenerator.commandLine().execute(args.toArray(String[]::new)), OWN_THREAD);
        long injectedAt;
        long healedAt;
        long cpuFrom;
        Map<String, Double> cpuStart;
        Map<String, Double> cpuEnd;
        CompletableFuture<Void> healing;
        try {
            // The steady window whose CPU is measured: from a quarter into the time before the fault until the fault.
            Thread.sleep(scenario.before().toMillis() / 4);
            cpuFrom = System.currentTimeMillis();
            cpuStart = ProcessCpu.snapshot(servers, platforms);
            Thread.sleep(Math.max(0, startedAt + scenario.before().toMillis() - System.currentTimeMillis()));
            cpuEnd = ProcessCpu.snapshot(servers, platforms);
            injectedAt = System.currentTimeMillis();
            System.out.printf("fault: %s%n", scenario.fault());
            scenario.fault().inject(servers, platforms);
            long wait = injectedAt + scenario.faultFor().toMillis() - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            // The fault ends when the heal starts (a process started again, a signal, a gate opened); the load goes
            // on meanwhile, and how long the server takes to come back is part of the recovery.
            healedAt = System.currentTimeMillis();
            healing = CompletableFuture.runAsync(() -> {
                try {
                    scenario.fault().heal(servers, platforms);
                } catch (Exception e) {
                    throw new IllegalStateException("could not end the fault " + scenario.fault(), e);
                }
                System.out.printf("healed: back %.1f s after the fault ended%n",
                        (System.currentTimeMillis() - healedAt) / 1000.0);
            }, OWN_THREAD);
        } catch (Exception e) {
            load.join();
            throw e;
        }
        int exit = load.join();
        healing.join();
        Path json = folder.resolve(scenario.name() + ".json");
        if (!Files.exists(json)) {
            throw new IllegalStateException("the load generator wrote no report (exit " + exit + ") in " + folder);
        }
        JsonNode report = JSON.readTree(json.toFile());
        long measuredFrom = report.path("settings").path("measuredFromEpochMs").asLong(startedAt);
        SteadyCpu cpu = SteadyCpu.between((cpuFrom - measuredFrom) / 1000.0, cpuStart, (injectedAt - measuredFrom) / 1000.0,
                cpuEnd);
        return ScenarioResult.of(scenario, report, (injectedAt - measuredFrom) / 1000.0, (healedAt - measuredFrom) / 1000.0,
                exit, cpu);
    }
}
