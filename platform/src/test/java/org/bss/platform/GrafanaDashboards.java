package org.bss.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The platform's Grafana dashboards, from their one source ({@code deploy/grafana/dashboards.yml}): the panels as
 * the source describes them, and the Grafana JSON (schema version 39: rows, timeseries and stat panels, a Prometheus
 * datasource variable, a {@code $tenant} variable where the dashboard has one) generated from them.
 */
record GrafanaDashboards(List<Dashboard> dashboards) {

    static final Path DEPLOY = Repository.root().resolve("deploy").resolve("grafana");
    static final Path SOURCE = DEPLOY.resolve("dashboards.yml");
    static final Path GENERATED = DEPLOY.resolve("dashboards");

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String DATASOURCE = "${datasource}";
    private static final int GRID = 24;

    /** How a dashboard picks tenants: not at all, one ({@code tenant="$tenant"}) or several ({@code tenant=~"$tenant"}). */
    enum TenantChoice { NONE, ONE, MANY }

    enum Kind { STAT, TIMESERIES }

    record Dashboard(String file, String uid, String title, String description, TenantChoice tenant, List<Row> rows) {
    }

    record Row(String title, List<Panel> panels) {
    }

    /**
     * @param thresholds the value from which the panel turns red (below it when {@code below}); null for none
     * @param width      of the dashboard's 24 columns
     */
    record Panel(String title, String description, Kind kind, String unit, List<Query> queries, Double thresholds,
                 boolean below, int width, boolean stack) {
    }

    record Query(String expr, String legend) {
    }

    static GrafanaDashboards read() {
        try {
            Map<String, Object> source = new Yaml().load(Files.readString(SOURCE));
            List<Dashboard> dashboards = new ArrayList<>();
            for (Map<String, Object> dashboard : maps(source.get("dashboards"))) {
                List<Row> rows = new ArrayList<>();
                for (Map<String, Object> row : maps(dashboard.get("rows"))) {
                    rows.add(new Row(text(row, "title"), maps(row.get("panels")).stream().map(GrafanaDashboards::panel).toList()));
                }
                dashboards.add(new Dashboard(text(dashboard, "file"), text(dashboard, "uid"), text(dashboard, "title"),
                        text(dashboard, "description"), TenantChoice.valueOf(text(dashboard, "tenant").toUpperCase()),
                        rows));
            }
            return new GrafanaDashboards(List.copyOf(dashboards));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Panel panel(Map<String, Object> panel) {
        List<Query> queries = panel.containsKey("queries")
                ? maps(panel.get("queries")).stream().map(q -> new Query(text(q, "expr"), (String) q.get("legend"))).toList()
                : List.of(new Query(text(panel, "expr"), (String) panel.get("legend")));
        Kind kind = Kind.valueOf(text(panel, "kind").toUpperCase());
        Number thresholds = (Number) panel.get("thresholds");
        Number width = (Number) panel.get("width");
        return new Panel(text(panel, "title"), (String) panel.get("description"), kind, text(panel, "unit"), queries,
                thresholds == null ? null : thresholds.doubleValue(), Boolean.TRUE.equals(panel.get("below")),
                width != null ? width.intValue() : kind == Kind.STAT ? 6 : 12, Boolean.TRUE.equals(panel.get("stack")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return list == null ? List.of() : (List<Map<String, Object>>) list;
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(SOURCE + ": '" + key + "' missing in " + map);
        }
        return text.strip();
    }

    /** Each dashboard's file name and its Grafana JSON, as it is committed. */
    Map<String, String> generated() {
        Map<String, String> files = new java.util.TreeMap<>();
        for (Dashboard dashboard : dashboards) {
            files.put(dashboard.file(), JSON.writeValueAsString(json(dashboard)) + "\n");
        }
        return files;
    }

    static ObjectNode json(Dashboard dashboard) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode builtIn = root.putObject("annotations").putArray("list").addObject();
        builtIn.put("builtIn", 1);
        builtIn.putObject("datasource").put("type", "grafana").put("uid", "-- Grafana --");
        builtIn.put("enable", true).put("hide", true).put("iconColor", "rgba(0, 211, 255, 1)")
                .put("name", "Annotations & Alerts").put("type", "dashboard");
        root.put("description", dashboard.description());
        root.put("editable", true);
        root.put("fiscalYearStartMonth", 0);
        root.put("graphTooltip", 1);
        ObjectNode links = root.putArray("links").addObject();
        links.put("asDropdown", false).put("includeVars", false).put("keepTime", true).put("tags", false);
        links.putArray("tags").add("bss");
        links.put("title", "BSS dashboards").put("type", "dashboards");
        ArrayNode panels = root.putArray("panels");
        int id = 1;
        int y = 0;
        for (Row row : dashboard.rows()) {
            ObjectNode rowPanel = panels.addObject();
            rowPanel.put("collapsed", false);
            grid(rowPanel, 1, GRID, 0, y);
            rowPanel.put("id", id++);
            rowPanel.putArray("panels");
            rowPanel.put("title", row.title());
            rowPanel.put("type", "row");
            y++;
            int x = 0;
            int rowHeight = 0;
            for (Panel panel : row.panels()) {
                int height = panel.kind() == Kind.STAT ? 4 : 8;
                if (x + panel.width() > GRID) {
                    x = 0;
                    y += rowHeight;
                    rowHeight = 0;
                }
                panels.add(panel(panel, id++, x, y, height));
                x += panel.width();
                rowHeight = Math.max(rowHeight, height);
            }
            y += rowHeight;
        }
        root.put("refresh", "30s");
        root.put("schemaVersion", 39);
        root.putArray("tags").add("bss");
        ArrayNode variables = root.putObject("templating").putArray("list");
        ObjectNode datasource = variables.addObject();
        datasource.putObject("current");
        datasource.put("hide", 0).put("includeAll", false).put("label", "Prometheus").put("multi", false)
                .put("name", "datasource");
        datasource.putArray("options");
        datasource.put("query", "prometheus").put("refresh", 1).put("regex", "").put("skipUrlSync", false)
                .put("type", "datasource");
        if (dashboard.tenant() != TenantChoice.NONE) {
            variables.add(tenantVariable(dashboard.tenant() == TenantChoice.MANY));
        }
        root.putObject("time").put("from", "now-1h").put("to", "now");
        root.putObject("timepicker");
        root.put("timezone", "utc");
        root.put("title", dashboard.title());
        root.put("uid", dashboard.uid());
        root.put("version", 1);
        root.put("weekStart", "");
        return root;
    }

    /** The tenants Prometheus has seen at ingest: the {@code tenant} label of {@code bss_ingest_events_total}. */
    static final String TENANT_VALUES = "label_values(bss_ingest_events_total, tenant)";

    private static ObjectNode tenantVariable(boolean many) {
        ObjectNode tenant = JSON.createObjectNode();
        if (many) {
            tenant.put("allValue", ".*");
        }
        tenant.putObject("current");
        datasource(tenant);
        tenant.put("definition", TENANT_VALUES);
        tenant.put("hide", 0).put("includeAll", many).put("label", many ? "Tenants" : "Tenant").put("multi", many)
                .put("name", "tenant");
        tenant.putArray("options");
        tenant.putObject("query").put("qryType", 1).put("query", TENANT_VALUES)
                .put("refId", "PrometheusVariableQueryEditor-VariableQuery");
        tenant.put("refresh", 2).put("regex", "").put("skipUrlSync", false).put("sort", 1).put("type", "query");
        return tenant;
    }

    private static ObjectNode panel(Panel panel, int id, int x, int y, int height) {
        ObjectNode json = JSON.createObjectNode();
        datasource(json);
        if (panel.description() != null) {
            json.put("description", panel.description());
        }
        ObjectNode fieldConfig = json.putObject("fieldConfig");
        ObjectNode defaults = fieldConfig.putObject("defaults");
        defaults.putObject("color").put("mode", panel.kind() == Kind.STAT ? "thresholds" : "palette-classic");
        if (panel.kind() == Kind.TIMESERIES) {
            ObjectNode custom = defaults.putObject("custom");
            custom.put("drawStyle", "line").put("fillOpacity", panel.stack() ? 40 : 10).put("lineWidth", 1)
                    .put("showPoints", "never").put("spanNulls", false);
            custom.putObject("stacking").put("group", "A").put("mode", panel.stack() ? "normal" : "none");
            custom.putObject("thresholdsStyle").put("mode", panel.thresholds() == null ? "off" : "line");
        }
        defaults.putArray("mappings");
        ObjectNode thresholds = defaults.putObject("thresholds");
        thresholds.put("mode", "absolute");
        ArrayNode steps = thresholds.putArray("steps");
        String base = panel.thresholds() != null && panel.below() ? "red" : "green";
        steps.addObject().put("color", base).putNull("value");
        if (panel.thresholds() != null) {
            steps.addObject().put("color", panel.below() ? "green" : "red").put("value", panel.thresholds());
        }
        defaults.put("unit", panel.unit());
        fieldConfig.putArray("overrides");
        grid(json, height, panel.width(), x, y);
        json.put("id", id);
        ObjectNode options = json.putObject("options");
        if (panel.kind() == Kind.STAT) {
            options.put("colorMode", "value").put("graphMode", "area").put("justifyMode", "auto")
                    .put("orientation", "auto");
            ObjectNode reduce = options.putObject("reduceOptions");
            reduce.putArray("calcs").add("lastNotNull");
            reduce.put("fields", "").put("values", false);
            options.put("showPercentChange", false).put("textMode", "auto").put("wideLayout", true);
        } else {
            ObjectNode legend = options.putObject("legend");
            legend.putArray("calcs");
            legend.put("displayMode", "list").put("placement", "bottom").put("showLegend", true);
            options.putObject("tooltip").put("mode", "multi").put("sort", "desc");
        }
        ArrayNode targets = json.putArray("targets");
        char refId = 'A';
        for (Query query : panel.queries()) {
            ObjectNode target = targets.addObject();
            datasource(target);
            target.put("editorMode", "code").put("expr", query.expr());
            target.put("instant", false);
            target.put("legendFormat", query.legend() == null ? "__auto" : query.legend());
            target.put("range", true).put("refId", String.valueOf(refId++));
        }
        json.put("title", panel.title());
        json.put("type", panel.kind() == Kind.STAT ? "stat" : "timeseries");
        return json;
    }

    private static void datasource(ObjectNode node) {
        node.putObject("datasource").put("type", "prometheus").put("uid", DATASOURCE);
    }

    private static void grid(ObjectNode node, int h, int w, int x, int y) {
        node.putObject("gridPos").put("h", h).put("w", w).put("x", x).put("y", y);
    }

    /** A query of a panel, with its dashboard's {@code $tenant} replaced by one tenant. */
    record PanelQuery(String dashboard, String panel, String expr) {
    }

    List<PanelQuery> queries(String tenant) {
        List<PanelQuery> queries = new ArrayList<>();
        for (Dashboard dashboard : dashboards) {
            for (Row row : dashboard.rows()) {
                for (Panel panel : row.panels()) {
                    for (Query query : panel.queries()) {
                        queries.add(new PanelQuery(dashboard.title(), panel.title(),
                                query.expr().replace("${tenant}", tenant).replace("$tenant", tenant)));
                    }
                }
            }
        }
        return queries;
    }
}
