package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bss.model.envelope.BatchEntry;
import org.bss.model.envelope.StructuredFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BatchBodyTest {

    /** The platform's defaults (bss.ingest.*): 256 KB an event, 1000 events and 5 MB a batch. */
    private static final int MAX_EVENT_BYTES = 256 * 1024;
    private static final int MAX_BATCH_EVENTS = 1000;
    private static final int MAX_BATCH_BYTES = 5 * 1024 * 1024;

    @Test
    void aBatchIsAJsonArrayOfTheEventsThePlatformReadsBackValid() {
        TickingClock clock = TickingClock.at("2025-11-07T10:30:00Z");
        Traffic traffic = new Traffic("t1", TestMixes.ALL_TYPES, 11, clock);
        List<GeneratedEvent> events = new ArrayList<>();
        for (int i = 0; i < MAX_BATCH_EVENTS; i++) {
            events.add(traffic.next());
        }

        byte[] body = Traffic.batchBody(events);
        assertThat(body.length).isLessThan(MAX_BATCH_BYTES);
        List<BatchEntry> entries = StructuredFormat.readBatch(body, MAX_EVENT_BYTES);

        assertThat(entries).hasSize(events.size());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof BatchEntry.Read read)) {
                problems.add("#" + i + " was not read: " + entries.get(i));
                continue;
            }
            problems.addAll(EventChecks.problems("#" + i, read.event(), clock.peek()));
            assertThat(read.event().id()).isEqualTo(events.get(i).id());
            assertThat(StructuredFormat.write(read.event())).isEqualTo(events.get(i).json());
        }
        assertThat(problems).isEmpty();
        JsonNode array = JsonMapper.builder().build().readTree(body);
        assertThat(array.isArray()).isTrue();
        assertThat(array.size()).isEqualTo(events.size());
    }

    @Test
    void batchesOfOneAndOfNone() {
        Traffic traffic = new Traffic("t1", EventMix.plan(), 12, TickingClock.at("2025-11-07T10:30:00Z"));
        GeneratedEvent event = traffic.next();

        assertThat(new String(Traffic.batchBody(List.of()))).isEqualTo("[]");
        assertThat(StructuredFormat.readBatch(Traffic.batchBody(List.of()), MAX_EVENT_BYTES)).isEmpty();
        byte[] one = Traffic.batchBody(List.of(event));
        assertThat(one).hasSize(event.json().length + 2);
        assertThat(StructuredFormat.readBatch(one, MAX_EVENT_BYTES)).singleElement().isInstanceOf(BatchEntry.Read.class);
    }

    @Test
    void eventsAreFarBelowThePlatformsSizeLimit() {
        Traffic traffic = new Traffic("t1", TestMixes.ALL_TYPES, 13, TickingClock.at("2025-11-07T10:30:00Z"));
        int largest = 0;
        for (int i = 0; i < 10_000; i++) {
            largest = Math.max(largest, traffic.next().json().length);
        }

        assertThat(largest).isLessThan(4096);
    }
}
