package org.bss.loadgen;

import org.bss.loadgen.run.RunCommand;
import org.bss.loadgen.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The load generator and verifier. */
@Command(name = "bss-loadgen", mixinStandardHelpOptions = true, version = "bss-loadgen 0.1.0",
        subcommands = {RunCommand.class, VerifyCommand.class},
        description = "Generates BSS event traffic against the platform and verifies that nothing was lost.")
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
