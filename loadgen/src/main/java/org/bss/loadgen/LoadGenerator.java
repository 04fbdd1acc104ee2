package org.bss.loadgen;

import org.bss.loadgen.evaluate.EvaluateCommand;
import org.bss.loadgen.run.RunCommand;
import org.bss.loadgen.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The load generator and verifier. */
@Command(name = "bss-loadgen", mixinStandardHelpOptions = true, version = "bss-loadgen 0.1.0",
        subcommands = {RunCommand.class, VerifyCommand.class, EvaluateCommand.class, org.bss.loadgen.fuzz.FuzzCommand.class},
        description = "Generates BSS event traffic against the platform, verifies that nothing was lost, and scores the "
                + "platform's anomaly alerts against anomalies injected into the traffic.")
public final class LoadGenerator implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its sub-commands; bad input ends with a one-line message and exit status 1. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new LoadGenerator());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof org.bss.loadgen.platform.PlatformClient.PlatformException) {
                cmd.getErr().println("bss-loadgen: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return line;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
