package org.bss.platform.stream.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.bss.loadgen.traffic.EventMix;
import org.bss.loadgen.traffic.Traffic;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;

/**
 * The events the publisher cycles through: the load generator's (its plan mix, tenants interleaved at random), their
 * JSON data padded to a minimum size. Event number {@code seq} is entry {@code seq % size}, and its platform event id
 * carries {@code seq}, so a reader knows from a record alone when it was published and which subject it belongs to.
 */
final class EventPool {

    static final String TOPIC = "bss.events";
    /** The high half of every event id the benchmark writes; the low half is the event's number. */
    private static final long EVENT_ID_MARK = 0x0000_0000_0000_7000L;

    private final List<String> tenants;
    private final byte[][] tenantBytes;
    private final CloudEvent[] events;
    private final int[] tenantOf;
    private final int[] subjectOf;
    private final int subjects;

    private EventPool(List<String> tenants, CloudEvent[] events, int[] tenantOf, int[] subjectOf, int subjects) {
        this.tenants = tenants;
        this.tenantBytes = tenants.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        this.events = events;
        this.tenantOf = tenantOf;
        this.subjectOf = subjectOf;
        this.subjects = subjects;
    }

    static EventPool generate(int tenantCount, int perTenant, int dataBytes, long seed) {
        record Drawn(int tenant, CloudEvent event) {
        }
        List<String> tenants = new ArrayList<>();
        List<Drawn> drawn = new ArrayList<>();
        for (int t = 0; t < tenantCount; t++) {
            String tenant = "tenant-" + (t + 1);
            tenants.add(tenant);
            Traffic traffic = new Traffic(tenant, EventMix.plan(), seed + t, Clock.systemUTC());
            for (int i = 0; i < perTenant; i++) {
                CloudEvent event = StructuredFormat.read(traffic.next().json());
                drawn.add(new Drawn(t, padded(event, dataBytes)));
            }
        }
        Collections.shuffle(drawn, new Random(seed));
        CloudEvent[] events = new CloudEvent[drawn.size()];
        int[] tenantOf = new int[drawn.size()];
        int[] subjectOf = new int[drawn.size()];
        Map<String, Integer> subjectIds = new HashMap<>();
        for (int i = 0; i < events.length; i++) {
            events[i] = drawn.get(i).event();
            tenantOf[i] = drawn.get(i).tenant();
            String key = new BusEvent(tenants.get(tenantOf[i]), null, null, events[i]).partitionKey();
            subjectOf[i] = subjectIds.computeIfAbsent(key, k -> subjectIds.size());
        }
        return new EventPool(List.copyOf(tenants), events, tenantOf, subjectOf, subjectIds.size());
    }

    /** The event with a {@code "padding"} member added to its JSON object data when the data is shorter than wanted. */
    private static CloudEvent padded(CloudEvent event, int dataBytes) {
        byte[] data = event.data();
        if (data == null || data.length >= dataBytes || data.length < 2 || data[data.length - 1] != '}') {
            return event;
        }
        String json = new String(data, StandardCharsets.UTF_8);
        String head = json.substring(0, json.length() - 1) + ",\"padding\":\"";
        int fill = Math.max(0, dataBytes - head.getBytes(StandardCharsets.UTF_8).length - 2);
        byte[] bigger = (head + "x".repeat(fill) + "\"}").getBytes(StandardCharsets.UTF_8);
        return new CloudEvent(event.specversion(), event.id(), event.source(), event.type(), event.subject(),
                event.time(), event.datacontenttype(), event.dataschema(), event.extensions(), bigger);
    }

    /** The record ingest writes to {@code bss.events} for event number {@code seq}, accepted now. */
    ProducerRecord<String, byte[]> record(long seq) {
        int i = index(seq);
        return EventRecords.toRecord(TOPIC, new BusEvent(tenants.get(tenantOf[i]), new UUID(EVENT_ID_MARK, seq),
                Instant.now(), events[i]));
    }

    static long seqOf(UUID eventId) {
        return eventId.getLeastSignificantBits();
    }

    int tenantOf(long seq) {
        return tenantOf[index(seq)];
    }

    int subjectOf(long seq) {
        return subjectOf[index(seq)];
    }

    /** The tenant's index, -1 for a tenant that is not one of the pool's. */
    int tenantIndex(byte[] tenantId) {
        for (int t = 0; t < tenantBytes.length; t++) {
            if (Arrays.equals(tenantBytes[t], tenantId)) {
                return t;
            }
        }
        return -1;
    }

    List<String> tenants() {
        return tenants;
    }

    int subjects() {
        return subjects;
    }

    int size() {
        return events.length;
    }

    private int index(long seq) {
        return (int) (seq % events.length);
    }

    /** Mean sizes in bytes over the pool: the JSON data, the Kafka record and the Redis message. */
    Sizes sizes() {
        long data = 0;
        long record = 0;
        long frame = 0;
        for (int i = 0; i < events.length; i++) {
            ProducerRecord<String, byte[]> r = record(i);
            data += r.value().length;
            long headers = 0;
            for (Header header : r.headers()) {
                headers += header.key().length() + header.value().length;
            }
            record += r.key().getBytes(StandardCharsets.UTF_8).length + r.value().length + headers;
            frame += RecordFrame.encode(r).length;
        }
        return new Sizes(data / (double) events.length, record / (double) events.length, frame / (double) events.length);
    }

    record Sizes(double data, double kafkaRecord, double redisMessage) {
    }
}
