package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The dashboards in {@code deploy/grafana/dashboards} are generated from their one source, {@code dashboards.yml}
 * (this test rewrites them when they differ, like docs/modules: commit what it writes), and the provisioning files
 * point Grafana at them. That every query returns data is PrometheusPanelsTest's part.
 */
class GrafanaDashboardsTest {

    @Test
    void theCommittedDashboardsAreGeneratedFromTheirSource() throws IOException {
        Map<String, String> generated = GrafanaDashboards.read().generated();
        Map<String, String> committed = committed();
        if (!generated.equals(committed)) {
            Files.createDirectories(GrafanaDashboards.GENERATED);
            for (String file : committed.keySet()) {
                Files.delete(GrafanaDashboards.GENERATED.resolve(file));
            }
            for (Map.Entry<String, String> file : generated.entrySet()) {
                Files.writeString(GrafanaDashboards.GENERATED.resolve(file.getKey()), file.getValue());
            }
        }
        assertThat(committed).as("deploy/grafana/dashboards was out of date and has been generated again from"
                + " dashboards.yml: commit it").isEqualTo(generated);
    }

    @Test
    void eachDashboardHasItsOwnUidAndFileAndUsesTenantExactlyWhenItHasTheVariable() {
        GrafanaDashboards dashboards = GrafanaDashboards.read();
        assertThat(dashboards.dashboards()).extracting(GrafanaDashboards.Dashboard::file)
                .containsExactlyInAnyOrder("overview.json", "ingest.json", "store-and-projection.json", "tenant.json",
                        "business.json");
        Set<String> uids = new HashSet<>();
        for (GrafanaDashboards.Dashboard dashboard : dashboards.dashboards()) {
            assertThat(uids.add(dashboard.uid())).as("uid " + dashboard.uid()).isTrue();
            List<String> exprs = dashboard.rows().stream().flatMap(row -> row.panels().stream())
                    .flatMap(panel -> panel.queries().stream()).map(GrafanaDashboards.Query::expr).toList();
            assertThat(exprs).as(dashboard.title()).isNotEmpty();
            switch (dashboard.tenant()) {
                case NONE -> assertThat(exprs).as(dashboard.title()).noneMatch(e -> e.contains("$tenant"));
                case ONE -> assertThat(exprs).as(dashboard.title()).noneMatch(e -> e.contains("=~\"$tenant\""))
                        .anyMatch(e -> e.contains("tenant=\"$tenant\""));
                case MANY -> assertThat(exprs).as(dashboard.title()).noneMatch(e -> e.contains("tenant=\"$tenant\""))
                        .allMatch(e -> e.contains("tenant=~\"$tenant\""));
            }
        }
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDatasourceAndTheDashboardsFolder() throws IOException {
        Path provisioning = GrafanaDashboards.DEPLOY.resolve("provisioning");
        Map<String, Object> datasources = new Yaml().load(Files.readString(provisioning.resolve("datasources/prometheus.yml")));
        assertThat(datasources.get("datasources").toString()).contains("type=prometheus");
        Map<String, Object> providers = new Yaml().load(Files.readString(provisioning.resolve("dashboards/bss.yml")));
        assertThat(providers.get("providers").toString()).contains("type=file", "path=/var/lib/grafana/dashboards/bss");
    }

    private static Map<String, String> committed() throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(GrafanaDashboards.GENERATED)) {
            return files;
        }
        try (Stream<Path> paths = Files.list(GrafanaDashboards.GENERATED)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".json")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }
}
