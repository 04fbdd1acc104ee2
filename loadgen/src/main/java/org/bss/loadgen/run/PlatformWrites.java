package org.bss.loadgen.run;

import java.util.List;
import org.bss.loadgen.platform.Credential;
import org.bss.loadgen.traffic.GeneratedEvent;
import org.bss.loadgen.traffic.Traffic;

/**
 * Writes to the platform: {@code POST /api/v1/events} with the tenant's credential, a structured CloudEvent in
 * single-event mode or a JSON array of them in batch mode; 202 accepts every event, 207 those its entries say.
 */
final class PlatformWrites implements WriteFormat {

    static final String EVENTS_PATH = "/api/v1/events";

    private final String path;
    private final String contentType;
    private final boolean single;

    PlatformWrites(Driver.Settings settings) {
        this.single = settings.eventsPerRequest() == 1;
        this.contentType = single ? "application/cloudevents+json" : "application/cloudevents-batch+json";
        this.path = settings.baseUri().resolve(EVENTS_PATH).getRawPath();
    }

    @Override
    public byte[] head(Credential.Header credential) {
        return Http1Connection.head(path, credential, contentType);
    }

    @Override
    public byte[] body(String tenantId, List<GeneratedEvent> events) {
        return single ? events.getFirst().json() : Traffic.batchBody(events);
    }

    @Override
    public Outcome outcome(int status, byte[] answer, List<GeneratedEvent> events) {
        return new Outcome(status, switch (status) {
            case 202 -> events;
            case 207 -> BatchAnswer.acceptedIndexes(answer, events.size()).stream().map(events::get).toList();
            default -> List.of();
        });
    }
}
