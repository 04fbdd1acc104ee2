package org.bss.platform.store;

import java.time.Instant;
import java.util.List;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.bus.BusEvent;

/** The rows of the events table as the store COPYs them: one definition for the writer and its benchmark. */
public final class EventCopy {

    public static final String COLUMNS = "tenant_id, event_id, id, source, type, subject, time, datacontenttype, dataschema, "
            + "extensions, data_json, data_binary, received_at, kafka_partition, kafka_offset";

    private EventCopy() {
    }

    /** The COPY text of these events, each with the Kafka partition and offset it was read from. */
    public static CopyText rows(List<BusEvent> events, int[] partitions, long[] offsets) {
        CopyText text = new CopyText(events.size() * 512);
        for (int i = 0; i < events.size(); i++) {
            BusEvent bus = events.get(i);
            CloudEvent event = bus.event();
            text.field(bus.tenantId()).field(bus.eventId().toString()).field(event.id()).field(event.source())
                    .field(event.type()).field(event.subject()).field(instant(event.timeInstant()))
                    .field(event.datacontenttype()).field(event.dataschema())
                    .jsonObject(event.extensions());
            if (event.data() == null) {
                text.nullField().nullField();
            } else if (event.hasJsonData()) {
                text.field(event.data()).nullField();
            } else {
                text.nullField().bytea(event.data());
            }
            text.field(instant(bus.receivedAt())).field(Integer.toString(partitions[i])).field(Long.toString(offsets[i]))
                    .endRow();
        }
        return text;
    }

    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
