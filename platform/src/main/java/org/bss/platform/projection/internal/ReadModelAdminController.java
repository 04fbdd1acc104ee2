package org.bss.platform.projection.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.projection.ReadModelRebuilds;
import org.bss.platform.web.InvalidRequestException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/read-models/checksum?tenant=}: per table, a tenant's rows in the live read models and a
 * digest of their contents (not of when they were written), so that two builds of the same events compare equal.
 */
@RestController
@ConditionalOnRole(Role.QUERY)
class ReadModelAdminController {

    private final ReadModelRebuilds rebuilds;

    ReadModelAdminController(ReadModelRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @GetMapping(path = "/api/v1/admin/read-models/checksum", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> checksum(@RequestParam(required = false) String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw new InvalidRequestException("tenant is required");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenant", tenant);
        answer.put("tables", rebuilds.checksum(tenant));
        return answer;
    }
}
