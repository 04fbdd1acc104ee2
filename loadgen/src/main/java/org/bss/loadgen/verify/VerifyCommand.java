package org.bss.loadgen.verify;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.bss.loadgen.platform.PlatformClient;
import org.bss.loadgen.run.Converters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The verify command: every event a run saw accepted is stored exactly once. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks through the query API that every event a run saw accepted (its accepted.tsv) is stored "
                + "exactly once, and prints accepted / stored / missing / duplicated.",
                "Exit status: 0 nothing lost, 3 events missing or duplicated (beyond --max-lost), 2 a bad option, 1 error."})
public final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The run's folder (holding accepted.tsv and tenants.tsv).")
    Path runFolder;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "The platform's base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--settle", defaultValue = "60s", converter = Converters.Length.class,
            description = "Stop when nothing new is stored for this long (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--max-lost", defaultValue = "0", description = "Missing plus duplicated events allowed (default: ${DEFAULT-VALUE}).")
    long maxLost;

    @Override
    public Integer call() throws Exception {
        Path accepted = runFolder.resolve("accepted.tsv");
        Path tenants = runFolder.resolve("tenants.tsv");
        for (Path file : new Path[] {accepted, tenants}) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(file + " is not there: give the folder a run wrote (its --out)");
            }
        }
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build()) {
            Verification.Result result = new StoreCheck(new PlatformClient(url, http), System.out)
                    .verify(TenantsFile.read(tenants), accepted, settle);
            System.out.println(result.line());
            result.missingSamples().forEach(ref -> System.out.println("  missing: " + ref));
            result.duplicatedSamples().forEach(ref -> System.out.println("  duplicated: " + ref));
            return result.lost() <= maxLost ? 0 : 3;
        }
    }
}
