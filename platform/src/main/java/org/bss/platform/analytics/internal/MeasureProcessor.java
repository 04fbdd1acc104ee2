package org.bss.platform.analytics.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.KeyValue;
import org.bss.model.envelope.Rfc3339;
import org.bss.platform.bus.BusRecord;
import org.bss.platform.bus.EventRecords;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The first stage, on the partitions of bss.events: reads each event once, enriches it with its customer, and adds
 * what it measures to this task's buckets (one per series and minute, in a store logged to a changelog, so a
 * restart neither loses nor counts twice what was committed). Every commit interval the buckets go downstream as
 * partial tallies, to be summed per series across partitions: a record per series and minute instead of a
 * record per event and series.
 */
final class MeasureProcessor implements Processor<String, byte[], String, Object> {

    static final String BUCKETS = "buckets";
    static final String PROFILES = "profiles";
    static final String CUSTOMERS = "customers";
    static final String SEGMENT_EXTENSION = "ce_customersegment";
    static final String COUNTRY_EXTENSION = "ce_customercountry";
    static final String STATUS_EXTENSION = "ce_customerstatus";

    /** An event for the enriched topic: its data as it came, its headers with the customer's. */
    record Enriched(byte[] value) {
    }

    /** A customer's profile changed: for the customers topic, which every instance reads whole. */
    record ProfileChange(Profile profile) {
    }

    private final long graceMillis;
    private final Duration emitEvery;
    private final boolean enrich;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Tally> buckets;
    private KeyValueStore<String, Profile> profiles;
    private KeyValueStore<String, Profile> customers;

    MeasureProcessor(Duration grace, Duration emitEvery, boolean enrich) {
        this.graceMillis = grace.toMillis();
        this.emitEvery = emitEvery;
        this.enrich = enrich;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.buckets = context.getStateStore(BUCKETS);
        this.profiles = context.getStateStore(PROFILES);
        this.customers = context.getStateStore(CUSTOMERS);
        context.schedule(emitEvery, PunctuationType.WALL_CLOCK_TIME, now -> emit());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        BusRecord event;
        try {
            event = EventRecords.read(record.headers(), record.value(), record.timestamp());
        } catch (RuntimeException e) {
            return; // not an event of the platform's: the store sends it to the dead letters
        }
        String tenant = utf8(event.tenantId());
        String type = utf8(event.type());
        long accepted = record.timestamp();
        Instant parsed = event.time() == null ? null : Rfc3339.parseOrNull(utf8(event.time()));
        long time = parsed == null ? accepted : parsed.toEpochMilli();
        JsonNode data = data(event.data());
        String customer = Profile.text(data, "customer_id");
        Profile profile = Profile.UNKNOWN;
        if (customer != null) {
            String key = tenant + '/' + customer;
            if (Profile.describes(type)) {
                profile = Profile.evolve(profiles.get(key), type, time, data);
                profiles.put(key, profile);
                context.forward(new Record<>(key, new ProfileChange(profile), accepted));
            } else {
                Profile known = customers.get(key);
                profile = known != null ? known : Profile.UNKNOWN;
            }
        }
        if (enrich) {
            context.forward(enriched(record, profile));
        }
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        add(SeriesKey.PLATFORM, Metric.PARTITION_EVENTS.wire(),
                Dims.and(Dims.of("partition", Integer.toString(partition)), "tenant", tenant), accepted, accepted, 1);
        if (accepted - time > graceMillis) {
            add(tenant, Metric.QUALITY_LATE.wire(), Dims.NONE, accepted, accepted, 1);
            add(tenant, Metric.QUALITY_LATE.wire(), Dims.of("type", type), accepted, accepted, 1);
            return;
        }
        Measures.of(type, data, profile, (name, dims, value) -> add(tenant, name, dims, time, accepted, value));
    }

    private void add(String tenant, String name, String dims, long time, long accepted, double value) {
        String key = SeriesKey.bucket(tenant, name, dims, Window.MINUTE.startOf(time));
        Tally tally = buckets.get(key);
        buckets.put(key, tally == null ? new Tally(1, value, accepted) : tally.plus(value, accepted));
    }

    private void emit() {
        List<String> sent = new ArrayList<>();
        try (KeyValueIterator<String, Tally> all = buckets.all()) {
            while (all.hasNext()) {
                KeyValue<String, Tally> bucket = all.next();
                context.forward(new Record<>(SeriesKey.seriesOfBucket(bucket.key), bucket.value,
                        SeriesKey.windowOfBucket(bucket.key)));
                sent.add(bucket.key);
            }
        }
        sent.forEach(buckets::delete);
    }

    private static Record<String, Object> enriched(Record<String, byte[]> record, Profile profile) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        extension(headers, SEGMENT_EXTENSION, profile.segment());
        extension(headers, COUNTRY_EXTENSION, profile.country());
        extension(headers, STATUS_EXTENSION, profile.status());
        return new Record<>(record.key(), (Object) new Enriched(record.value()), record.timestamp(), headers);
    }

    private static void extension(RecordHeaders headers, String name, String value) {
        headers.add(name, (value == null ? Measures.UNKNOWN : value).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode data(byte[] data) {
        int first = 0;
        while (data != null && first < data.length && Character.isWhitespace(data[first])) {
            first++;
        }
        if (data == null || first == data.length || data[first] != '{') {
            return null;
        }
        try {
            return JsonSerde.MAPPER.readTree(data);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
