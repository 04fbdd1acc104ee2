package org.bss.platform.analytics.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.bss.platform.bus.EventTracing;
import io.micrometer.tracing.Span;

/**
 * The first stage, on the partitions of bss.events: reads each event once (the few fields of its data it needs, in
 * one streaming pass), enriches it with its customer, and adds it to this task's buckets: one per tenant, minute and
 * {@link Measures.Combination}, in a store logged to a changelog, so a restart neither loses nor counts twice what was
 * committed. Every commit interval the buckets are expanded into the series they feed and go downstream as partial
 * tallies, to be summed per series across partitions: a record per series and minute instead of a record per event
 * and series.
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

    /**
     * An event stamped further ahead of its acceptance than this is counted as out of time, not in its window: the
     * windows are stamped with their start, and Kafka refuses a record stamped more than an hour ahead (ingest lets
     * a tenant's future skew be set far higher).
     */
    static final long MAX_AHEAD_MILLIS = 5 * 60_000L;

    private final long graceMillis;
    private final Duration emitEvery;
    private final boolean enrich;
    private final EventTracing tracing;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Tally> buckets;
    private KeyValueStore<String, Profile> profiles;
    private KeyValueStore<String, Profile> customers;

    MeasureProcessor(Duration grace, Duration emitEvery, boolean enrich, EventTracing tracing) {
        this.graceMillis = grace.toMillis();
        this.tracing = tracing;
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
        RecordMetadata metadata = context.recordMetadata().orElse(null);
        int partition = metadata == null ? -1 : metadata.partition();
        Span span = tracing.start("measure event", event, partition, metadata == null ? -1 : metadata.offset());
        try {
            measure(record, event, partition);
        } catch (RuntimeException e) {
            EventTracing.failed(span, e);
            throw e;
        }
        span.end();
    }

    /** Enriches the event with its customer and adds it to its buckets. */
    private void measure(Record<String, byte[]> record, BusRecord event, int partition) {
        String tenant = utf8(event.tenantId());
        String type = utf8(event.type());
        long accepted = record.timestamp();
        Instant parsed = event.time() == null ? null : Rfc3339.parseOrNull(utf8(event.time()));
        long time = parsed == null ? accepted : parsed.toEpochMilli();
        EventFields data = EventFields.read(event.data());
        String customer = data.customerId();
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
        add(Buckets.series(SeriesKey.PLATFORM, Window.MINUTE.startOf(accepted), Metric.PARTITION_EVENTS.wire(),
                Dims.and(Dims.of("partition", Integer.toString(partition)), "tenant", tenant)), 1, accepted);
        if (accepted - time > graceMillis || time - accepted > MAX_AHEAD_MILLIS) {
            long minute = Window.MINUTE.startOf(accepted);
            add(Buckets.series(tenant, minute, Metric.QUALITY_LATE.wire(), Dims.NONE), 1, accepted);
            add(Buckets.series(tenant, minute, Metric.QUALITY_LATE.wire(), Dims.of("type", type)), 1, accepted);
            return;
        }
        long minute = Window.MINUTE.startOf(time);
        add(Buckets.combination(tenant, minute, Measures.of(type, data, profile)), Measures.amountOf(type, data),
                accepted);
        if (type.equals("order.placed") && customer != null) {
            add(Buckets.series(tenant, minute, Metric.ORDERS_BY_CUSTOMER.wire(), Dims.of("customer", customer)), 1,
                    accepted);
        }
    }

    private void add(String bucket, double value, long accepted) {
        Tally tally = buckets.get(bucket);
        buckets.put(bucket, tally == null ? new Tally(1, value, accepted) : tally.plus(value, accepted));
    }

    /** Sends each bucket's tallies downstream, a series' tallies of one minute summed first, and empties the store. */
    private void emit() {
        Map<String, Tally> partials = new HashMap<>();
        List<String> sent = new ArrayList<>();
        try (KeyValueIterator<String, Tally> all = buckets.all()) {
            while (all.hasNext()) {
                KeyValue<String, Tally> bucket = all.next();
                sent.add(bucket.key);
                Buckets.expand(bucket.key, bucket.value, (series, minute, tally) ->
                        partials.merge(series + '\u001f' + minute, tally, Tally::plus));
            }
        }
        sent.forEach(buckets::delete);
        partials.forEach((key, tally) -> {
            int last = key.lastIndexOf('\u001f');
            context.forward(new Record<>(key.substring(0, last), tally, Long.parseLong(key, last + 1, key.length(), 10)));
        });
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

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
