package org.bss.loadgen.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a command finds the admin key it creates its tenants with: --admin-key, BSS_ADMIN_KEY, or --admin-key-file. */
public final class AdminKeyOptions {

    @Option(names = "--admin-key-file", defaultValue = "data/admin-api-key",
            description = "File holding an admin key, used to create the tenants (default: ${DEFAULT-VALUE}, what the embedded default writes).")
    Path adminKeyFile;

    @Option(names = "--admin-key", description = "An admin key (instead of --admin-key-file); or set BSS_ADMIN_KEY.")
    String adminKey;

    /** The key: given on the command line, else in the environment, else read from the file. */
    public String adminKey() throws IOException {
        return adminKeyIfGiven().orElseThrow(() -> new IllegalArgumentException("no admin key: give --admin-key, BSS_ADMIN_KEY "
                + "or --admin-key-file (" + adminKeyFile + " is not there; the platform writes it on its embedded default)"));
    }

    /** The key as {@link #adminKey()} finds it, or none when it is given nowhere and the file is not there. */
    public Optional<String> adminKeyIfGiven() throws IOException {
        String admin = adminKey != null ? adminKey : System.getenv("BSS_ADMIN_KEY");
        if (admin != null) {
            return Optional.of(admin.strip());
        }
        if (!Files.isReadable(adminKeyFile)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(adminKeyFile).strip());
    }

    /** Command-line arguments as given, with the value of --admin-key masked (for reports that quote the command). */
    public static List<String> masked(List<String> given) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String arg = given.get(i);
            if (arg.startsWith("--admin-key=")) {
                args.add("--admin-key=***");
            } else {
                args.add(arg);
                if (arg.equals("--admin-key") && i + 1 < given.size()) {
                    args.add("***");
                    i++;
                }
            }
        }
        return args;
    }
}
