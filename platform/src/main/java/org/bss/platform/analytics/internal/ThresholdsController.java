package org.bss.platform.analytics.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.analytics.AnalyticsProperties;
import org.bss.platform.analytics.internal.detect.Thresholds;
import org.bss.platform.tenancy.AuditTrail;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.InvalidRequestException;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/alerts/thresholds}: a tenant's detection thresholds. A PUT names only what it changes; the result is
 * checked as a whole, kept in PostgreSQL and sent on the thresholds topic, from which every detector reads it.
 */
@RestController
@ConditionalOnRole(Role.QUERY)
class ThresholdsController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final AnalyticsStore store;
    private final KafkaTemplate<String, byte[]> kafka;
    private final AnalyticsProperties settings;
    private final AuditTrail audit;

    ThresholdsController(AnalyticsStore store, KafkaTemplate<String, byte[]> kafka, AnalyticsProperties settings,
            AuditTrail audit) {
        this.store = store;
        this.kafka = kafka;
        this.settings = settings;
        this.audit = audit;
    }

    @GetMapping(path = "/api/v1/alerts/thresholds", produces = JSON)
    Map<String, Object> get(@AuthenticationPrincipal TenantPrincipal caller,
            @RequestParam(required = false) String tenant) {
        String whose = MetricsController.tenantOf(caller, tenant);
        return view(whose, current(whose));
    }

    @PutMapping(path = "/api/v1/alerts/thresholds", consumes = JSON, produces = JSON)
    Map<String, Object> put(@AuthenticationPrincipal TenantPrincipal caller, @RequestParam(required = false) String tenant,
            @RequestBody JsonNode changes) {
        String whose = MetricsController.tenantOf(caller, tenant);
        if (changes == null || !changes.isObject()) {
            throw new InvalidRequestException("the body is a JSON object of the thresholds to change");
        }
        Map<String, Object> merged = JsonSerde.MAPPER.convertValue(current(whose), Map.class);
        for (Map.Entry<String, JsonNode> change : changes.properties()) {
            if (!merged.containsKey(change.getKey())) {
                throw new InvalidRequestException("unknown threshold '" + change.getKey() + "'; the thresholds are "
                        + merged.keySet());
            }
            merged.put(change.getKey(), change.getValue());
        }
        Thresholds next;
        try {
            next = JsonSerde.MAPPER.convertValue(merged, Thresholds.class);
        } catch (JacksonException | IllegalArgumentException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException && cause != e)) {
                cause = cause.getCause();
            }
            throw new InvalidRequestException("thresholds: " + (cause instanceof JacksonException j
                    ? j.getOriginalMessage() : cause.getMessage()));
        }
        byte[] json = JsonSerde.MAPPER.writeValueAsBytes(next);
        store.saveThresholds(whose, new String(json, StandardCharsets.UTF_8));
        try {
            kafka.send(settings.thresholdsTopic(), whose, json).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable();
        }
        audit.record(caller, "alerts.thresholds", whose, JsonSerde.MAPPER.convertValue(next, Map.class));
        return view(whose, next);
    }

    private Thresholds current(String tenant) {
        return store.thresholds(tenant)
                .map(json -> JsonSerde.MAPPER.readValue(json, Thresholds.class))
                .orElse(Thresholds.defaults());
    }

    private static Map<String, Object> view(String tenant, Thresholds thresholds) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("tenant", tenant);
        view.put("thresholds", JsonSerde.MAPPER.convertValue(thresholds, Map.class));
        return view;
    }

    private static ProblemException unavailable() {
        return new ProblemException(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE, "Unavailable",
                "The thresholds are saved but could not be sent to the detectors (Kafka); send them again."));
    }
}
