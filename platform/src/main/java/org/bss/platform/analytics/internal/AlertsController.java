package org.bss.platform.analytics.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.InvalidRequestException;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/alerts}: a tenant's alerts (an admin key's: every tenant's, or the one it names), in the order of
 * the windows they were seen in, in pages with an opaque cursor.
 */
@RestController
@ConditionalOnRole(Role.QUERY)
class AlertsController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final AnalyticsStore store;

    AlertsController(AnalyticsStore store) {
        this.store = store;
    }

    @GetMapping(path = "/api/v1/alerts", produces = JSON)
    Map<String, Object> alerts(@AuthenticationPrincipal TenantPrincipal caller,
            @RequestParam(required = false) String tenant, @RequestParam(defaultValue = "all") String state,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String cursor) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidRequestException("limit is 1 to 1000");
        }
        String whose = caller.scopes().contains(Scope.ADMIN) && (tenant == null || tenant.isBlank()) ? null
                : MetricsController.tenantOf(caller, tenant);
        String wanted = switch (state) {
            case "all" -> null;
            case Alert.OPEN, Alert.RESOLVED -> state;
            default -> throw new InvalidRequestException("state: one of open, resolved, all");
        };
        Instant end = to == null ? Instant.now().plus(Duration.ofMinutes(1)) : MetricsController.instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : MetricsController.instant("from", from);
        List<Alert> page = store.alerts(whose, wanted, start, end, position(cursor), limit + 1);
        boolean more = page.size() > limit;
        List<Alert> shown = more ? page.subList(0, limit) : page;
        List<Map<String, Object>> views = new ArrayList<>(shown.size());
        shown.forEach(alert -> views.add(view(alert)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("alerts", views);
        answer.put("next", more ? cursor(shown.getLast()) : null);
        return answer;
    }

    @GetMapping(path = "/api/v1/alerts/{id}", produces = JSON)
    Map<String, Object> alert(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'" + id + "' is not an alert id (a UUID)");
        }
        Alert alert = store.alert(id)
                .filter(found -> caller.scopes().contains(Scope.ADMIN) || found.tenant().equals(caller.tenantId()))
                .orElseThrow(() -> new ProblemException(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                        "Not found", "No alert " + id)));
        return view(alert);
    }

    static Map<String, Object> view(Alert alert) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", alert.id());
        view.put("tenant", alert.tenant());
        view.put("metric", alert.metric());
        view.put("dims", Dims.parse(alert.dims()));
        view.put("detector", alert.detector());
        view.put("severity", alert.severity());
        view.put("state", alert.state());
        view.put("window", alert.window());
        view.put("windowStart", Instant.ofEpochMilli(alert.windowStart()).toString());
        view.put("openedAt", Instant.ofEpochMilli(alert.openedAt()).toString());
        view.put("resolvedAt", alert.resolvedAt() == null ? null : Instant.ofEpochMilli(alert.resolvedAt()).toString());
        view.put("observed", finite(alert.observed()));
        view.put("expectedLow", finite(alert.expectedLow()));
        view.put("expectedHigh", finite(alert.expectedHigh()));
        view.put("score", finite(alert.score()));
        view.put("explanation", alert.explanation());
        return view;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String cursor(Alert last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (last.windowStart() + ":" + last.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static AnalyticsStore.AlertPosition position(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new AnalyticsStore.AlertPosition(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))),
                    UUID.fromString(text.substring(colon + 1)).toString());
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cursor: not a cursor this API gave");
        }
    }
}
