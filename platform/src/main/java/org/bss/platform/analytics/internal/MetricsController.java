package org.bss.platform.analytics.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bss.model.envelope.Rfc3339;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.analytics.AnalyticsProperties;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.InvalidRequestException;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/metrics}: a tenant's metric as a series of windows (one series per value of a dimension with
 * {@code by}), every window of the range present (0 when nothing happened; a ratio with nothing to divide is
 * null). Without {@code name}: the metrics there are.
 */
@RestController
@ConditionalOnRole(Role.QUERY)
class MetricsController {

    static final List<String> DIMENSIONS = List.of("code", "country", "currency", "metric", "reason", "segment",
            "type", "unit");
    private static final Set<String> PARAMETERS = Set.of("name", "window", "from", "to", "by", "tenant");
    private static final int MAX_POINTS = 1_500;

    private final AnalyticsStore store;
    private final AnalyticsProperties settings;

    MetricsController(AnalyticsStore store, AnalyticsProperties settings) {
        this.store = store;
        this.settings = settings;
    }

    @GetMapping(path = "/api/v1/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> metrics(@AuthenticationPrincipal TenantPrincipal caller,
            @RequestParam Map<String, String> parameters) {
        String name = parameters.get("name");
        if (name == null) {
            return catalog();
        }
        Metric metric = Metric.named(name);
        if (metric == null || !Metric.served().contains(metric)) {
            throw new InvalidRequestException("name: no metric '" + name + "'; GET /api/v1/metrics lists them");
        }
        Window window = Window.labelled(parameters.getOrDefault("window", "1m"));
        if (window == null) {
            throw new InvalidRequestException("window: one of 1m, 5m, 1h");
        }
        Map<String, String> filters = new TreeMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (PARAMETERS.contains(parameter.getKey())) {
                continue;
            }
            if (!DIMENSIONS.contains(parameter.getKey())) {
                throw new InvalidRequestException("unknown parameter '" + parameter.getKey() + "'; the dimensions are "
                        + DIMENSIONS);
            }
            filters.put(parameter.getKey(), parameter.getValue());
        }
        String by = parameters.get("by");
        if (by != null && !DIMENSIONS.contains(by)) {
            throw new InvalidRequestException("by: one of " + DIMENSIONS);
        }
        if (window == Window.MINUTE && (filters.containsKey("segment") || filters.containsKey("country")
                || "segment".equals(by) || "country".equals(by))) {
            throw new InvalidRequestException("window: cuts by segment and country are kept in 5m and 1h windows");
        }
        long size = window.size().toMillis();
        Instant to = parameters.containsKey("to") ? instant("to", parameters.get("to"))
                : Instant.ofEpochMilli(window.startOf(System.currentTimeMillis()) + size);
        Instant from = parameters.containsKey("from") ? instant("from", parameters.get("from"))
                : to.minus(window.size().multipliedBy(60));
        long first = window.startOf(from.toEpochMilli());
        long end = to.toEpochMilli();
        if (end <= first) {
            throw new InvalidRequestException("to: must be after from");
        }
        if ((end - first) / size > MAX_POINTS) {
            throw new InvalidRequestException("from/to: at most " + MAX_POINTS + " windows of " + window.label()
                    + " at a time");
        }
        String tenant = tenantOf(caller, parameters.get("tenant"));
        List<Map<String, Object>> series = switch (metric.kind()) {
            case RATIO -> metric == Metric.QUALITY_SCORE ? quality(tenant, window, first, end, filters, by)
                    : ratio(tenant, metric, window, first, end, filters, by);
            default -> series(tenant, metric, window, first, end, filters, by);
        };
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenant", tenant);
        answer.put("name", metric.wire());
        answer.put("window", window.label());
        answer.put("kind", metric.kind().name().toLowerCase());
        answer.put("from", Instant.ofEpochMilli(first).toString());
        answer.put("to", to.toString());
        answer.put("series", series);
        return answer;
    }

    private List<Map<String, Object>> series(String tenant, Metric metric, Window window, long first, long end,
            Map<String, String> filters, String by) {
        Map<String, Map<Long, AnalyticsStore.Point>> found = read(tenant, metric, window, first, end, filters, by);
        List<Map<String, Object>> series = new ArrayList<>();
        long size = window.size().toMillis();
        long closedBefore = System.currentTimeMillis() - settings.grace().toMillis();
        for (Map.Entry<String, Map<Long, AnalyticsStore.Point>> entry : found.entrySet()) {
            List<Map<String, Object>> points = new ArrayList<>();
            for (long start = first; start < end; start += size) {
                AnalyticsStore.Point point = entry.getValue().get(start);
                long count = point == null ? 0 : point.count();
                double sum = point == null ? 0 : point.sum();
                Map<String, Object> view = point(start, size, closedBefore);
                view.put("value", metric.kind() == Metric.Kind.SUM ? sum : count);
                view.put("count", count);
                view.put("sum", sum);
                points.add(view);
            }
            series.add(Map.of("dims", Dims.parse(entry.getKey()), "points", points));
        }
        return series;
    }

    private List<Map<String, Object>> ratio(String tenant, Metric metric, Window window, long first, long end,
            Map<String, String> filters, String by) {
        if (by != null && !by.equals("segment") && !by.equals("country")) {
            throw new InvalidRequestException("by: a ratio is cut by segment or country only");
        }
        Metric[] parts = metric.ratioOf();
        Map<String, Map<Long, AnalyticsStore.Point>> over = read(tenant, parts[0], window, first, end, filters, by);
        Map<String, Map<Long, AnalyticsStore.Point>> other = read(tenant, parts[1], window, first, end, filters, by);
        Map<String, Map<Long, AnalyticsStore.Point>> keys = new TreeMap<>(other);
        keys.putAll(over);
        List<Map<String, Object>> series = new ArrayList<>();
        long size = window.size().toMillis();
        long closedBefore = System.currentTimeMillis() - settings.grace().toMillis();
        for (String dims : keys.keySet()) {
            List<Map<String, Object>> points = new ArrayList<>();
            for (long start = first; start < end; start += size) {
                long a = count(over.get(dims), start);
                long b = count(other.get(dims), start);
                Map<String, Object> view = point(start, size, closedBefore);
                long denominator = metric == Metric.PAYMENT_FAILURE_RATE ? a + b : b;
                view.put("value", denominator == 0 ? null : (double) a / denominator);
                view.put(parts[0].wire(), a);
                view.put(parts[1].wire(), b);
                points.add(view);
            }
            series.add(Map.of("dims", Dims.parse(dims), "points", points));
        }
        return series;
    }

    /** 1 - (refused + late + duplicates) / (events + refused), for the tenant as a whole. */
    private List<Map<String, Object>> quality(String tenant, Window window, long first, long end,
            Map<String, String> filters, String by) {
        if (!filters.isEmpty() || by != null) {
            throw new InvalidRequestException("quality.score is kept for the tenant as a whole: no dimensions");
        }
        Map<String, Long> parts = new LinkedHashMap<>();
        Map<Metric, Map<Long, AnalyticsStore.Point>> read = new LinkedHashMap<>();
        for (Metric part : List.of(Metric.EVENTS, Metric.QUALITY_REFUSED, Metric.QUALITY_LATE,
                Metric.QUALITY_DUPLICATES)) {
            read.put(part, read(tenant, part, window, first, end, filters, null).getOrDefault(Dims.NONE, Map.of()));
        }
        List<Map<String, Object>> points = new ArrayList<>();
        long size = window.size().toMillis();
        long closedBefore = System.currentTimeMillis() - settings.grace().toMillis();
        for (long start = first; start < end; start += size) {
            parts.clear();
            for (Map.Entry<Metric, Map<Long, AnalyticsStore.Point>> part : read.entrySet()) {
                parts.put(part.getKey().wire(), count(part.getValue(), start));
            }
            long events = parts.get(Metric.EVENTS.wire());
            long refused = parts.get(Metric.QUALITY_REFUSED.wire());
            long bad = refused + parts.get(Metric.QUALITY_LATE.wire()) + parts.get(Metric.QUALITY_DUPLICATES.wire());
            Map<String, Object> view = point(start, size, closedBefore);
            view.put("value", events + refused == 0 ? null : Math.max(0.0, 1.0 - (double) bad / (events + refused)));
            view.putAll(parts);
            points.add(view);
        }
        return List.of(Map.of("dims", Map.of(), "points", points));
    }

    private Map<String, Map<Long, AnalyticsStore.Point>> read(String tenant, Metric metric, Window window, long first,
            long end, Map<String, String> filters, String by) {
        Map<String, Map<Long, AnalyticsStore.Point>> found = new TreeMap<>();
        for (AnalyticsStore.Point point : store.figures(tenant, metric.wire(), window, Instant.ofEpochMilli(first),
                Instant.ofEpochMilli(end))) {
            Map<String, String> dims = Dims.parse(point.dims());
            if (matches(dims, filters, by)) {
                found.computeIfAbsent(point.dims(), d -> new LinkedHashMap<>()).put(point.start().toEpochMilli(), point);
            }
        }
        if (found.isEmpty() && by == null) {
            found.put(Dims.format(filters), Map.of());
        }
        return found;
    }

    /** A series matches when its dimensions are the filters, plus {@code by} if given. */
    static boolean matches(Map<String, String> dims, Map<String, String> filters, String by) {
        if (dims.size() != filters.size() + (by == null || filters.containsKey(by) ? 0 : 1)) {
            return false;
        }
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            if (!filter.getValue().equals(dims.get(filter.getKey()))) {
                return false;
            }
        }
        return by == null || dims.containsKey(by);
    }

    private static long count(Map<Long, AnalyticsStore.Point> points, long start) {
        AnalyticsStore.Point point = points == null ? null : points.get(start);
        return point == null ? 0 : point.count();
    }

    private static Map<String, Object> point(long start, long size, long closedBefore) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("start", Instant.ofEpochMilli(start).toString());
        view.put("end", Instant.ofEpochMilli(start + size).toString());
        view.put("complete", start + size <= closedBefore);
        return view;
    }

    private static Map<String, Object> catalog() {
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Metric metric : Metric.served()) {
            metrics.add(Map.of("name", metric.wire(), "kind", metric.kind().name().toLowerCase(),
                    "meaning", metric.meaning()));
        }
        return Map.of("metrics", metrics, "windows", List.of("1m", "5m", "1h"), "dimensions", DIMENSIONS);
    }

    /** The tenant a request is about: the caller's own; an admin key names one with {@code tenant}. */
    static String tenantOf(TenantPrincipal caller, String tenant) {
        boolean admin = caller.scopes().contains(Scope.ADMIN);
        if (tenant == null || tenant.isBlank()) {
            if (caller.tenantId() == null) {
                throw new InvalidRequestException("tenant: an admin key names the tenant (?tenant=)");
            }
            return caller.tenantId();
        }
        if (!tenant.equals(caller.tenantId()) && !admin) {
            throw new ProblemException(Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                    "tenant: a key reads its own tenant only; '" + tenant + "' is another tenant"));
        }
        return tenant;
    }

    static Instant instant(String name, String value) {
        Instant instant = Rfc3339.parseOrNull(value);
        if (instant == null) {
            throw new InvalidRequestException(name + ": '" + value + "' is not an RFC 3339 date-time");
        }
        return instant;
    }
}
