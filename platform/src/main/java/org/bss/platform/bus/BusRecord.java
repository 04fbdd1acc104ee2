package org.bss.platform.bus;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;

/**
 * An event as read off {@code bss.events}, its attributes still the UTF-8 bytes the record carries: the store
 * copies them into PostgreSQL without making a String of any.
 *
 * @param extensions the extensions other than {@code tenantid} (String values from binary-mode headers; a
 *                   structured-mode record may also carry Integer and Boolean values)
 */
public record BusRecord(byte[] tenantId, UUID eventId, long receivedAtMillis, byte[] id, byte[] source, byte[] type,
                        byte[] subject, byte[] time, String datacontenttype, byte[] dataschema,
                        Map<String, Object> extensions, byte[] data) {

    public static BusRecord of(BusEvent bus) {
        CloudEvent event = bus.event();
        Map<String, Object> others = new LinkedHashMap<>(event.extensions());
        others.remove(EventRecords.TENANT_EXTENSION);
        return new BusRecord(utf8(bus.tenantId()), bus.eventId(), bus.receivedAt().toEpochMilli(), utf8(event.id()),
                utf8(event.source()), utf8(event.type()), utf8(event.subject()), utf8(event.time()),
                event.data() == null ? null : event.datacontenttype(), utf8(event.dataschema()), others, event.data());
    }

    /** The event as the platform's CloudEvent, its {@code tenantid} the first extension (as the store keeps it). */
    public CloudEvent cloudEvent() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put(EventRecords.TENANT_EXTENSION, string(tenantId));
        all.putAll(extensions);
        return new CloudEvent(CloudEvent.SPEC_VERSION, string(id), string(source), string(type), string(subject),
                string(time), datacontenttype, string(dataschema), all, data);
    }

    /** The tenant as a String. */
    public String tenant() {
        return string(tenantId);
    }

    private static String string(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }
}
