package org.bss.loadgen.traffic;

import java.math.BigDecimal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.util.ByteArrayBuilder;

/**
 * Writes each event's CloudEvents envelope around the data a story writes: begin, write the data's fields, end.
 * One generator writes event after event as root values into a buffer that is emptied for each event.
 */
final class Envelope {

    private static final JsonFactory JSON = JsonFactory.builder()
            .rootValueSeparator((SerializableString) null)
            // characters outside the BMP as 4-byte UTF-8, not as an escaped surrogate pair
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(2048);
    private final String source;
    private final EventIds eventIds;
    private final Moment moment;
    private JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), buffer);
    private String id;
    private String type;
    private String subject;

    Envelope(String source, EventIds eventIds, Moment moment) {
        this.source = source;
        this.eventIds = eventIds;
        this.moment = moment;
    }

    Moment moment() {
        return moment;
    }

    /** Money in minor units as events carry it, always with two decimals: 7999 is 79.99. */
    static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /** Starts an event about {@code aggregateId}; the returned generator stands inside the data object. */
    JsonGenerator begin(EventType eventType, String aggregateId) {
        type = eventType.type();
        subject = eventType.subject(aggregateId);
        id = eventIds.next(moment.millis()).toString();
        if (!json.streamWriteContext().inRoot()) { // an event left unfinished by an exception
            json = JSON.createGenerator(ObjectWriteContext.empty(), buffer);
        }
        buffer.reset();
        return json.writeStartObject()
                .writeStringProperty("specversion", "1.0")
                .writeStringProperty("id", id)
                .writeStringProperty("source", source)
                .writeStringProperty("type", type)
                .writeStringProperty("subject", subject)
                .writeStringProperty("time", moment.timestamp())
                .writeStringProperty("datacontenttype", "application/json")
                .writeName("data").writeStartObject();
    }

    GeneratedEvent end() {
        json.writeEndObject().writeEndObject().flush();
        return new GeneratedEvent(id, source, type, subject, buffer.toByteArray());
    }
}
