package org.bss.platform.tenancy.internal;

import org.bss.platform.web.InvalidRequestException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bss.model.envelope.Rfc3339;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.tenancy.IssuedKey;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin}: tenants and their API keys, for operators (keys with the {@code admin} scope). A key's
 * secret is shown once, when it is issued. Every change is written to the audit table.
 */
@RestController
@ConditionalOnRole(Role.INGEST)
class AdminController {

    private final TenantAdmin admin;

    AdminController(TenantAdmin admin) {
        this.admin = admin;
    }

    record NewTenant(String tenantId, String name) {
    }

    record NewKey(List<String> scopes, String expiresAt) {
    }

    /** A quota as sent: null rate or burst means none of its own (the platform's default for a tenant). */
    record Quota(Long rate, Long burst) {
        /** Checked in the handler, not in the constructor, so that the 400 names the reason. */
        Quota checked() {
            if ((rate != null && rate < 1) || (burst != null && burst < 1)) {
                throw new InvalidRequestException("rate and burst must be positive (or null for none of its own)");
            }
            return this;
        }
    }

    @PostMapping(path = "/api/v1/admin/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> createTenant(@AuthenticationPrincipal TenantPrincipal caller,
            @RequestBody NewTenant body) {
        if (!TenantIds.valid(body.tenantId())) {
            throw new InvalidRequestException("tenantId must be 1 to 63 lower-case letters, digits and '-', starting with a letter or digit");
        }
        String name = body.name() == null || body.name().isBlank() ? body.tenantId() : body.name().strip();
        if (!admin.createTenant(caller, body.tenantId(), name)) {
            throw new ProblemException(Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Conflict",
                    "Tenant '" + body.tenantId() + "' exists already."));
        }
        return ResponseEntity.created(URI.create("/api/v1/admin/tenants/" + body.tenantId()))
                .body(admin.tenant(body.tenantId()).orElseThrow());
    }

    @GetMapping(path = "/api/v1/admin/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> tenants() {
        return Map.of("tenants", admin.tenants());
    }

    @GetMapping(path = "/api/v1/admin/tenants/{tenantId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> tenant(@PathVariable String tenantId) {
        return admin.tenant(tenantId).orElseThrow(() -> notFound("tenant '" + tenantId + "'"));
    }

    @PostMapping(path = "/api/v1/admin/tenants/{tenantId}/disable", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> disable(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String tenantId) {
        return setStatus(caller, tenantId, "disabled");
    }

    @PostMapping(path = "/api/v1/admin/tenants/{tenantId}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> enable(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String tenantId) {
        return setStatus(caller, tenantId, "active");
    }

    @PostMapping(path = "/api/v1/admin/tenants/{tenantId}/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> issueKey(@AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable String tenantId, @RequestBody NewKey body) {
        requireTenant(tenantId);
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scope : body.scopes() == null ? List.<String>of() : body.scopes()) {
            try {
                scopes.add(Scope.of(scope));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(e.getMessage());
            }
        }
        if (scopes.isEmpty()) {
            throw new InvalidRequestException("scopes must name at least one of events:write, events:read, schemas:write, admin");
        }
        if (scopes.contains(Scope.ADMIN) && !tenantId.equals(TenantAdmin.PLATFORM)) {
            throw new InvalidRequestException("the admin scope is only for keys of the '" + TenantAdmin.PLATFORM + "' tenant");
        }
        Instant expiresAt = null;
        if (body.expiresAt() != null) {
            expiresAt = Rfc3339.parse(body.expiresAt())
                    .orElseThrow(() -> new InvalidRequestException("expiresAt must be an RFC 3339 timestamp"));
            if (!expiresAt.isAfter(Instant.now())) {
                throw new InvalidRequestException("expiresAt must be in the future");
            }
        }
        IssuedKey key = admin.issueKey(caller, tenantId, scopes, expiresAt);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("keyId", key.keyId());
        result.put("tenantId", tenantId);
        result.put("secret", key.secret());
        result.put("scopes", scopes.stream().map(Scope::value).toList());
        result.put("expiresAt", expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, java.time.ZoneOffset.UTC).toString());
        return ResponseEntity.created(URI.create("/api/v1/admin/tenants/" + tenantId + "/keys/" + key.keyId())).body(result);
    }

    @GetMapping(path = "/api/v1/admin/tenants/{tenantId}/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> keys(@PathVariable String tenantId) {
        requireTenant(tenantId);
        return Map.of("keys", admin.keys(tenantId));
    }

    @DeleteMapping(path = "/api/v1/admin/tenants/{tenantId}/keys/{keyId}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String tenantId,
            @PathVariable UUID keyId) {
        if (!admin.revokeKey(caller, tenantId, keyId)) {
            throw notFound("key " + keyId + " of tenant '" + tenantId + "'");
        }
        return ResponseEntity.noContent().build();
    }

    /** A tenant's ingest quota: events per second and burst; null for either means the platform's default. */
    @org.springframework.web.bind.annotation.PutMapping(path = "/api/v1/admin/tenants/{tenantId}/quota",
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> setQuota(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String tenantId,
            @RequestBody Quota body) {
        requireTenant(tenantId);
        body.checked();
        admin.setQuota(caller, tenantId, body.rate(), body.burst());
        return admin.tenant(tenantId).orElseThrow();
    }

    /** Changes a tenant's quota and retention: a JSON merge patch of {@code quotaRate}, {@code quotaBurst}, {@code retentionDays}. */
    @org.springframework.web.bind.annotation.PatchMapping(path = "/api/v1/admin/tenants/{tenantId}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> update(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String tenantId,
            @RequestBody tools.jackson.databind.JsonNode patch) {
        Map<String, Object> tenant = admin.tenant(tenantId).orElseThrow(() -> notFound("tenant '" + tenantId + "'"));
        admin.update(caller, tenantId, TenantSettings.fromPatch(patch, asLong(tenant.get("quotaRate")),
                asLong(tenant.get("quotaBurst"))));
        return admin.tenant(tenantId).orElseThrow();
    }

    private static Long asLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    /** A key's own ingest quota, on top of its tenant's; null rate removes it. */
    @org.springframework.web.bind.annotation.PutMapping(path = "/api/v1/admin/tenants/{tenantId}/keys/{keyId}/quota",
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> setKeyQuota(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String tenantId,
            @PathVariable UUID keyId, @RequestBody Quota body) {
        requireTenant(tenantId);
        if (!admin.setKeyQuota(caller, tenantId, keyId, body.checked().rate(), body.burst())) {
            throw notFound("key " + keyId + " of tenant '" + tenantId + "'");
        }
        return admin.keys(tenantId).stream().filter(k -> keyId.equals(k.get("keyId"))).findFirst().orElseThrow();
    }

    @GetMapping(path = "/api/v1/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> audit(@RequestParam(required = false) String tenantId,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidRequestException("limit must be between 1 and 1000");
        }
        return Map.of("entries", admin.audit(tenantId, limit));
    }

    private Map<String, Object> setStatus(TenantPrincipal caller, String tenantId, String status) {
        if (tenantId.equals(TenantAdmin.PLATFORM)) {
            throw new InvalidRequestException("the '" + TenantAdmin.PLATFORM + "' tenant cannot be disabled");
        }
        if (!admin.setStatus(caller, tenantId, status)) {
            throw notFound("tenant '" + tenantId + "'");
        }
        return admin.tenant(tenantId).orElseThrow();
    }

    private void requireTenant(String tenantId) {
        if (admin.tenant(tenantId).isEmpty()) {
            throw notFound("tenant '" + tenantId + "'");
        }
    }

    private static ProblemException notFound(String what) {
        return new ProblemException(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "No " + what + "."));
    }
}
