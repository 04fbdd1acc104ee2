package org.bss.loadgen.traffic;

/**
 * Writes each event's CloudEvents envelope around the data a story writes: begin, write the data's fields, end.
 */
final class Envelope {

    private final JsonWriter json = new JsonWriter();
    private final String source;
    private final EventIds eventIds;
    private final Moment moment;
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

    /** Starts an event about {@code aggregateId}; the returned writer stands inside the data object. */
    JsonWriter begin(EventType eventType, String aggregateId) {
        type = eventType.type();
        subject = eventType.subject(aggregateId);
        id = eventIds.next(moment.millis()).toString();
        json.reset();
        return json.startObject()
                .field("specversion", "1.0")
                .field("id", id)
                .field("source", source)
                .field("type", type)
                .field("subject", subject)
                .field("time", moment.timestamp())
                .field("datacontenttype", "application/json")
                .name("data").startObject();
    }

    GeneratedEvent end() {
        json.endObject().endObject();
        return new GeneratedEvent(id, source, type, subject, json.toByteArray());
    }
}
