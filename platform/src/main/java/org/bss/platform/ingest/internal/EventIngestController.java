package org.bss.platform.ingest.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bss.model.Uuid7;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.EnvelopeRules;
import org.bss.model.envelope.InvalidEventException;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.envelope.Violation;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/events}: one structured CloudEvent, answered 202 once Kafka has it. */
@RestController
@ConditionalOnRole(Role.INGEST)
class EventIngestController {

    private final EventPublisher publisher;

    EventIngestController(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @PostMapping(path = "/api/v1/events",
            consumes = {StructuredFormat.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> post(@RequestBody byte[] body, @AuthenticationPrincipal TenantPrincipal caller) {
        CloudEvent event = StructuredFormat.read(body);
        List<Violation> violations = EnvelopeRules.check(event);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations);
        }
        Object claimed = event.extensions().get(EventRecords.TENANT_EXTENSION);
        if (claimed != null && !claimed.equals(caller.tenantId())) {
            throw new ProblemException(Problems.of(HttpStatus.FORBIDDEN, Problems.TENANT_MISMATCH, "Wrong tenant",
                    "The event's tenantid extension names a tenant other than the caller's."));
        }
        UUID eventId = Uuid7.next();
        publisher.publish(new BusEvent(caller.tenantId(), eventId, Instant.now(), event));
        return ResponseEntity.accepted().body(Map.of("status", "accepted", "id", event.id(), "eventId", eventId));
    }
}
