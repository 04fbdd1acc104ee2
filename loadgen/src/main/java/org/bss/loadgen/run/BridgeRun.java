package org.bss.loadgen.run;

import java.util.ArrayList;
import java.util.List;
import org.bss.loadgen.platform.Credential;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * What {@code run --target bridge} takes and refuses: it sends the run's events to the Strimzi Kafka Bridge
 * ({@link BridgeWrites}) to measure it beside the platform, so whatever needs the platform's own API is refused as a
 * bad option before anything is sent.
 */
final class BridgeRun {

    private BridgeRun() {
    }

    /** Refuses what the target cannot do: the platform takes no --topic, the bridge needs one and nothing of the platform's. */
    static void check(RunCommand run) {
        CommandLine line = run.spec.commandLine();
        if (run.target != RunCommand.Target.bridge) {
            if (run.topic != null) {
                throw new ParameterException(line, "--topic is for --target bridge: the platform writes its own topic");
            }
            return;
        }
        if (run.topic == null) {
            throw new ParameterException(line, "--target bridge needs --topic: the Kafka topic the bridge writes the events to "
                    + "(POST /topics/{topic})");
        }
        try {
            new BridgeWrites(run.url, run.topic);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(line, "--topic: " + e.getMessage());
        }
        if (run.verify || run.maxLost != null) {
            throw new ParameterException(line, "--verify (and --max-lost) read the platform's store, and the bridge has none: "
                    + "leave them out with --target bridge");
        }
        if (run.reads > 0) {
            throw new ParameterException(line, "--reads reads customers from the platform's query API, which the bridge has "
                    + "not: leave it out with --target bridge");
        }
        if (run.subscribers > 0 || run.maxMissed != null || !run.subscribeQuery.isAll()) {
            throw new ParameterException(line, "--subscribers (--subscribe-query, --max-missed) read the platform's live "
                    + "stream, which the bridge has not: leave them out with --target bridge");
        }
        if (run.tokenUrl != null || !run.clients.isEmpty()) {
            throw new ParameterException(line, "--token-url and --client send as the platform's tenants, and the bridge takes "
                    + "no credential: leave them out with --target bridge");
        }
    }

    /**
     * The run's tenants, named as those the platform would be given: each has a stream of events of its own and keys its
     * records by its name. Their credential is never sent ({@link BridgeWrites#head}).
     */
    static List<TenantKey> tenants(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("--tenants must be at least 1");
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<TenantKey> keys = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            keys.add(new TenantKey("lg-" + run + "-" + i, new Credential.ApiKey("")));
        }
        return keys;
    }

    /** How the run's writes look: the platform's, or the bridge's. */
    static WriteFormat writes(RunCommand run, Driver.Settings settings) {
        return run.target == RunCommand.Target.bridge ? new BridgeWrites(run.url, run.topic) : new PlatformWrites(settings);
    }
}
