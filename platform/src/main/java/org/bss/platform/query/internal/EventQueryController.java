package org.bss.platform.query.internal;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.Rfc3339;
import org.bss.model.envelope.StructuredFormat;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.store.EventLog;
import org.bss.platform.store.ReadSources;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.InvalidRequestException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;

/**
 * {@code GET /api/v1/events}: the caller's stored events as structured CloudEvents JSON, in the order they were
 * stored, in pages: {@code {"events":[...],"next":"<cursor>","more":true}}; pass {@code after=<cursor>} for the
 * next page. {@code next} is there whenever a page has events, so a client can also come back later for new ones.
 * Filters: type, subject, source, id, from (inclusive) and to (exclusive) on the event's time. Read from the read
 * replica while it is close enough behind, else from the primary ({@link ReadSources}).
 */
@RestController
@ConditionalOnRole(Role.QUERY)
class EventQueryController {

    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;

    private final ReadSources reads;

    EventQueryController(ReadSources reads) {
        this.reads = reads;
    }

    @GetMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> find(@AuthenticationPrincipal TenantPrincipal caller,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String subject,
            @RequestParam(required = false) String source,
            @RequestParam(required = false) String id,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
        EventLog.Position cursor = after == null ? null : Cursor.decode(after);
        EventLog.Page page = reads.current().events().read(new EventLog.Selection(caller.tenantId(), type, subject, source, id,
                instant("from", from), instant("to", to)), cursor, size);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer(page));
    }

    /** {@code {"events":[...],"next":...,"more":...}}, each event in the structured format. */
    private static byte[] answer(EventLog.Page page) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator generator = StructuredFormat.generator(body)) {
            generator.writeStartObject();
            generator.writeArrayPropertyStart("events");
            for (CloudEvent event : page.events()) {
                StructuredFormat.write(event, generator);
            }
            generator.writeEndArray();
            generator.writeStringProperty("next", page.last() == null ? null : Cursor.encode(page.last()));
            generator.writeBooleanProperty("more", page.more());
            generator.writeEndObject();
        }
        return body.toByteArray();
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        return Rfc3339.parse(value).orElseThrow(() -> new InvalidRequestException(
                name + " must be an RFC 3339 timestamp, e.g. 2025-11-07T10:30:00Z"));
    }
}
