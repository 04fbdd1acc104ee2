package org.bss.loadgen.evaluate;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bss.loadgen.platform.PlatformClient;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.run.Converters;
import org.bss.loadgen.verify.TenantsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The evaluate command: the platform's anomaly alerts scored against the anomalies a run injected. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads each tenant's anomaly alerts over a run's span from the platform (GET /api/v1/alerts) and "
                + "scores them against the run's labels.json: per label whether and how soon it was detected, and by what; "
                + "per kind recall and delays; precision; false alerts per clean tenant-hour; alerts left open. Prints a "
                + "report and writes evaluation.json, evaluation.md and evaluation-timeline.svg.",
                "Targets: recall >= 0.95 within the tolerance, <= 1 false alert per clean tenant-hour.",
                "Exit status: 0 targets met, 3 a target missed, 2 a bad option, 1 error (e.g. the platform refused a key or "
                        + "failed)."})
public final class EvaluateCommand implements Callable<Integer> {

    public static final int TARGET_MISSED = 3;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "The platform's base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--labels", required = true, paramLabel = "<labels.json>",
            description = "The labels a run wrote (its --out folder's labels.json).")
    Path labels;

    @Option(names = "--tenants", paramLabel = "<file>",
            description = "The run's tenants and keys, the file verify reads (default: tenants.tsv beside the labels).")
    Path tenants;

    @Option(names = "--from", converter = Converters.Moment.class, paramLabel = "<rfc3339>",
            description = "Start of the span to score (default: the measured run's start, from span.json beside the labels).")
    Instant from;

    @Option(names = "--to", converter = Converters.Moment.class, paramLabel = "<rfc3339>",
            description = "End of the span to score (default: the measured run's end, from span.json beside the labels).")
    Instant to;

    @Option(names = "--window", defaultValue = "1m", converter = Converters.Length.class,
            description = "The detectors' window (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--tolerance", defaultValue = "2", paramLabel = "<windows>",
            description = "A label counts as detected in time when an alert comes within this many windows of its start; "
                    + "alerts up to this many windows after its end still belong to it (default: ${DEFAULT-VALUE}).")
    int tolerance;

    @Option(names = "--out", paramLabel = "<dir>", description = "Folder for the evaluation files (default: the labels' folder).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Path folder = labels.toAbsolutePath().getParent();
        List<Label> labelList = RunFiles.readLabels(labels);
        Path tenantsFile = tenants != null ? tenants : folder.resolve("tenants.tsv");
        if (!Files.isReadable(tenantsFile)) {
            throw new IllegalArgumentException(tenantsFile + " is not there: give --tenants, the tenants file of the run");
        }
        List<TenantKey> keys = TenantsFile.read(tenantsFile);
        List<String> tenantIds = keys.stream().map(TenantKey::tenantId).toList();
        for (Label label : labelList) {
            if (!tenantIds.contains(label.tenant())) {
                throw new IllegalArgumentException(labels + " names tenant '" + label.tenant() + "', which " + tenantsFile
                        + " does not have: give the tenants file of the same run");
            }
        }
        Scoring.Settings settings = new Scoring.Settings(from(folder), to(folder), window, tolerance, tenantIds);

        // Alerts are read from a window before the span (the window holding a label's start may begin before it) to the
        // tolerance after it (a label ending with the run is detected after).
        Instant readFrom = settings.from().minus(window);
        Instant readTo = settings.to().plus(window.multipliedBy(tolerance));
        List<Alert> alerts = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build()) {
            PlatformClient platform = new PlatformClient(url, http);
            for (TenantKey key : keys) {
                List<JsonNode> page = platform.readAlerts(key, readFrom, readTo);
                for (int i = 0; i < page.size(); i++) {
                    alerts.add(AlertsPage.alert(page.get(i), key.tenantId(), i + 1));
                }
            }
        }
        Scoring.Evaluation evaluation = Scoring.score(settings, labelList, alerts);
        EvaluationReport report = new EvaluationReport(evaluation, url.toString(), alerts.size());
        Path outFolder = out != null ? out : folder;
        report.writeAll(outFolder);
        console.print(report.text());
        console.println("evaluation: " + outFolder.resolve(EvaluationReport.MARKDOWN_FILE).toAbsolutePath());
        console.flush();
        return evaluation.passed() ? 0 : TARGET_MISSED;
    }

    private Instant from(Path folder) {
        return from != null ? from : span(folder).from();
    }

    private Instant to(Path folder) {
        return to != null ? to : span(folder).to();
    }

    private RunFiles.Span span(Path folder) {
        Path file = folder.resolve(RunFiles.SPAN);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("give --from and --to: " + file + ", where a run notes its span, is not there");
        }
        return RunFiles.readSpan(file);
    }
}
