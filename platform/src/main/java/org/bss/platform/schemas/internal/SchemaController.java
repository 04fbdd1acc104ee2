package org.bss.platform.schemas.internal;

import org.bss.platform.web.InvalidRequestException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import jakarta.servlet.http.HttpServletRequest;
import org.bss.model.schema.DataSchema;
import org.bss.model.schema.InvalidSchemaException;
import org.bss.model.schema.SchemaCompatibility;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.schemas.SchemaPolicy;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.bss.platform.web.RequestBodies;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema registry API. The catalog's types are the platform's and read-only; a tenant registers its own
 * types, each new version backward compatible with the one before (all data valid before stays valid).
 */
@RestController
@ConditionalOnRole(Role.INGEST)
class SchemaController {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
    private static final DataSize MAX_SCHEMA_SIZE = DataSize.ofKilobytes(256);

    private final JdbcSchemaRegistry registry;
    private final JsonMapper json;

    SchemaController(JdbcSchemaRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @GetMapping(path = "/api/v1/schemas", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(@AuthenticationPrincipal TenantPrincipal caller) {
        List<Map<String, Object>> types = new ArrayList<>();
        registry.catalog().types().stream().sorted()
                .forEach(type -> types.add(Map.of("type", type, "owner", "catalog", "version", 1)));
        registry.latestOfEachType(caller.tenantId())
                .forEach(s -> types.add(Map.of("type", s.type(), "owner", "tenant", "version", s.version())));
        return Map.of("policy", registry.policy(caller.tenantId()).name().toLowerCase(Locale.ROOT), "types", types);
    }

    @GetMapping(path = "/api/v1/schemas/{type}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> latest(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String type) {
        return version(caller, type, null);
    }

    @GetMapping(path = "/api/v1/schemas/{type}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> version(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String type,
            @PathVariable Integer version) {
        var builtIn = registry.catalog().schemaFor(type);
        if (builtIn.isPresent() && (version == null || version == 1)) {
            return document(type, "catalog", 1, builtIn.get().json());
        }
        return registry.find(caller.tenantId(), type, version)
                .map(s -> document(s.type(), "tenant", s.version(), s.schema()))
                .orElseThrow(() -> new ProblemException(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                        "Not found", "No schema for type '" + type + "'" + (version == null ? "" : " version " + version) + ".")));
    }

    @PostMapping(path = "/api/v1/schemas/{type}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> register(@AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable String type, HttpServletRequest request) throws IOException {
        if (!TYPE.matcher(type).matches()) {
            throw new InvalidRequestException("an event type is 1 to 200 letters, digits, '.', '_', ':' or '-'");
        }
        if (registry.catalog().schemaFor(type).isPresent()) {
            throw conflict("'" + type + "' is a catalog type; its schema is the platform's. Register your own type name.", List.of());
        }
        String schema = new String(RequestBodies.read(request, MAX_SCHEMA_SIZE, "The schema"), StandardCharsets.UTF_8);
        try {
            DataSchema.parse(schema);
        } catch (InvalidSchemaException e) {
            throw new ProblemException(Problems.of(HttpStatus.BAD_REQUEST, "invalid-schema", "Invalid schema", e.getMessage()));
        }
        var previous = registry.find(caller.tenantId(), type, null);
        if (previous.isPresent()) {
            List<String> reasons = SchemaCompatibility.backwardIncompatibilities(previous.get().schema(), schema);
            if (!reasons.isEmpty()) {
                throw conflict("Version " + (previous.get().version() + 1) + " of '" + type
                        + "' is not backward compatible with version " + previous.get().version() + ".", reasons);
            }
        }
        int version = previous.map(s -> s.version() + 1).orElse(1);
        if (!registry.insert(caller.tenantId(), type, version, schema)) {
            throw conflict("Another version of '" + type + "' was registered at the same time; retry.", List.of());
        }
        return ResponseEntity.created(URI.create("/api/v1/schemas/" + type + "/versions/" + version))
                .body(Map.of("type", type, "version", version));
    }

    @PutMapping(path = "/api/v1/schemas/policy", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> setPolicy(@AuthenticationPrincipal TenantPrincipal caller, @RequestBody Map<String, String> body) {
        String value = body.get("policy");
        SchemaPolicy policy;
        try {
            policy = SchemaPolicy.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("policy must be \"strict\" or \"permissive\"");
        }
        registry.setPolicy(caller.tenantId(), policy);
        return Map.of("policy", policy.name().toLowerCase(Locale.ROOT));
    }

    private Map<String, Object> document(String type, String owner, int version, String schema) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", type);
        document.put("owner", owner);
        document.put("version", version);
        document.put("schema", json.readTree(schema));
        return document;
    }

    private static ProblemException conflict(String detail, List<String> reasons) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Conflict", detail);
        if (!reasons.isEmpty()) {
            problem.setProperty("errors", reasons.stream().map(SchemaController::fieldError).toList());
        }
        return new ProblemException(problem);
    }

    /** A reason "/properties/x: why" becomes pointer "/properties/x" and message "why". */
    private static Problems.FieldError fieldError(String reason) {
        int colon = reason.indexOf(": ");
        return reason.startsWith("/") && colon > 0
                ? new Problems.FieldError(reason.substring(0, colon), reason.substring(colon + 2))
                : new Problems.FieldError("", reason);
    }
}
