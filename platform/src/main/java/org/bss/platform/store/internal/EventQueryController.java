package org.bss.platform.store.internal;

import java.io.ByteArrayOutputStream;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.tenancy.TenantPrincipal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;

/**
 * {@code GET /api/v1/events}: the caller's stored events as structured CloudEvents JSON, in pages:
 * {@code {"events":[...],"next":"<cursor>"}}; pass {@code after=<cursor>} for the next page.
 */
@RestController
@ConditionalOnRole(Role.QUERY)
class EventQueryController {

    private final EventReader reader;

    EventQueryController(EventReader reader) {
        this.reader = reader;
    }

    @GetMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> find(@AuthenticationPrincipal TenantPrincipal caller,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String subject,
            @RequestParam(required = false) String source,
            @RequestParam(required = false) String id,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) Integer limit) {
        int size = limit == null ? EventQuery.DEFAULT_LIMIT : limit;
        if (size < 1 || size > EventQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + EventQuery.MAX_LIMIT);
        }
        UUID cursor = after == null ? null : parseCursor(after);
        EventReader.Page page = reader.find(new EventQuery(caller.tenantId(), type, subject, source, id, cursor, size));

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator generator = StructuredFormat.generator(body)) {
            generator.writeStartObject();
            generator.writeArrayPropertyStart("events");
            for (CloudEvent event : page.events()) {
                StructuredFormat.write(event, generator);
            }
            generator.writeEndArray();
            generator.writeStringProperty("next", page.next());
            generator.writeEndObject();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body.toByteArray());
    }

    private static UUID parseCursor(String after) {
        try {
            return UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("after must be a cursor returned as 'next' by an earlier page");
        }
    }
}
