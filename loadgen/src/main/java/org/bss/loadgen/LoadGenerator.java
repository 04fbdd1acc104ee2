package org.bss.loadgen;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The load generator and verifier. Its run and verify commands come with the load-generator issue. */
@Command(name = "bss-loadgen", mixinStandardHelpOptions = true, version = "bss-loadgen 0.1.0",
        description = "Generates BSS event traffic against the platform and verifies that nothing was lost.")
public final class LoadGenerator implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }
}
