package org.bss.platform.stream.internal;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bss.model.Uuid7;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.stream.StreamProperties;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.InvalidRequestException;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/stream/subscriptions}: filters stored under an id, in the CloudEvents Subscriptions API's shape
 * ({@code types}, {@code source}, {@code filters}; all must match). Delivery is the stream: a subscription answers
 * the URLs that open it. Push delivery to a {@code sink} is not offered.
 */
@RestController
@ConditionalOnRole(Role.STREAM)
class SubscriptionController {

    private static final Set<String> MEMBERS = Set.of("types", "source", "filters", "description", "protocol");
    private static final int MAX_DESCRIPTION = 1000;

    private final SubscriptionStore store;
    private final StreamProperties settings;
    private final JsonMapper json;

    SubscriptionController(SubscriptionStore store, StreamProperties settings, JsonMapper json) {
        this.store = store;
        this.settings = settings;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/stream/subscriptions", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal TenantPrincipal caller,
            @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("The body must be a JSON object: {\"filters\": [...]}");
        }
        List<String> unknown = new ArrayList<>();
        for (String name : body.propertyNames()) {
            if (name.equals("sink")) {
                throw new InvalidRequestException("sink: push delivery is not offered; leave sink out and read the "
                        + "subscription's stream (Server-Sent Events or WebSocket)");
            }
            if (!MEMBERS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("Unknown members " + unknown + "; a subscription has "
                    + "types, source, filters, description");
        }
        JsonNode protocol = body.get("protocol");
        if (protocol != null && !(protocol.isString() && Set.of("HTTP", "SSE", "WEBSOCKET").contains(protocol.asString()))) {
            throw new InvalidRequestException("protocol: HTTP (Server-Sent Events) or WEBSOCKET, or leave it out");
        }
        JsonNode description = body.get("description");
        if (description != null && !description.isNull()
                && (!description.isString() || description.asString().length() > MAX_DESCRIPTION)) {
            throw new InvalidRequestException("description: a string of at most " + MAX_DESCRIPTION + " characters");
        }
        EventFilter filter = EventFilters.fromJson(filters(body), "/filters");
        StoredSubscription subscription = new StoredSubscription(Uuid7.next(), caller.tenantId(), filter,
                description == null || description.isNull() ? null : description.asString(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), caller.credentialId());
        if (!store.add(subscription, settings.maxSubscriptions())) {
            throw new ProblemException(Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Too many subscriptions",
                    "The tenant keeps " + settings.maxSubscriptions() + " subscriptions, as many as allowed "
                            + "(bss.stream.max-subscriptions); delete one first."));
        }
        return ResponseEntity.created(URI.create("/api/v1/stream/subscriptions/" + subscription.id())).body(view(subscription));
    }

    @GetMapping(path = "/api/v1/stream/subscriptions", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(@AuthenticationPrincipal TenantPrincipal caller) {
        return Map.of("subscriptions", store.list(caller.tenantId()).stream().map(this::view).toList());
    }

    @GetMapping(path = "/api/v1/stream/subscriptions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id) {
        return view(store.find(caller.tenantId(), id(id)).orElseThrow(() -> notFound(id)));
    }

    @DeleteMapping(path = "/api/v1/stream/subscriptions/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String id) {
        if (!store.delete(caller.tenantId(), id(id))) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * The Subscriptions API's {@code types} (any of them) and {@code source} (exactly) as filters beside the given
     * ones, so that one filter array holds the whole subscription.
     */
    private JsonNode filters(JsonNode body) {
        JsonNode given = body.get("filters");
        ArrayNode all = json.createArrayNode();
        JsonNode types = body.get("types");
        if (types != null && !types.isNull()) {
            if (!types.isArray() || types.isEmpty()) {
                throw new InvalidRequestException("types: a non-empty array of event types");
            }
            ArrayNode any = json.createArrayNode();
            for (JsonNode type : types) {
                if (!type.isString() || type.asString().isEmpty()) {
                    throw new InvalidRequestException("types: each one a non-empty string");
                }
                ObjectNode exact = json.createObjectNode();
                exact.putObject("exact").put("type", type.asString());
                any.add(exact);
            }
            all.addObject().set("any", any);
        }
        JsonNode source = body.get("source");
        if (source != null && !source.isNull()) {
            if (!source.isString() || source.asString().isEmpty()) {
                throw new InvalidRequestException("source: a non-empty string");
            }
            all.addObject().putObject("exact").put("source", source.asString());
        }
        if (all.isEmpty()) {
            return given;
        }
        if (given != null && !given.isNull()) {
            EventFilters.fromJson(given, "/filters"); // its errors name their place in the body
            if (!given.isEmpty()) {
                all.addObject().set("all", given);
            }
        }
        return all;
    }

    private Map<String, Object> view(StoredSubscription subscription) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", subscription.id().toString());
        view.put("filters", EventFilters.toJson(subscription.filter()));
        view.put("description", subscription.description());
        view.put("createdAt", subscription.createdAt().toString());
        view.put("stream", "/api/v1/stream?subscription=" + subscription.id());
        view.put("websocket", "/api/v1/stream/ws?subscription=" + subscription.id());
        return view;
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "No such subscription",
                "The tenant has no subscription " + id + "."));
    }
}
