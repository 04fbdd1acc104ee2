package org.bss.platform.analytics.internal;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.bss.platform.analytics.AnalyticsProperties;
import org.bss.platform.bus.EventTracing;

/**
 * The analytics application, as one Kafka Streams topology:
 * <ol>
 * <li>bss.events → {@link MeasureProcessor} (per partition: enrichment, minute buckets) → the enriched topic,
 * the customers topic, and partial tallies;</li>
 * <li>partial tallies (and the quality topic's refusals and duplicates), grouped by series → 1 m, 5 m and 1 h
 * tumbling windows → the aggregated topic;</li>
 * <li>each tenant's 1 m figures, grouped by tenant → {@link DetectorProcessor} (anomalies, load forecast) → the
 * alerts topic; all tenants' event counts and the partitions' → {@link HotspotProcessor} → the alerts topic.</li>
 * </ol>
 */
final class AnalyticsTopology {

    /** Topics the topology reads and writes besides its own. */
    record Topics(String events, String quality, int partitions) {
    }

    /**
     * Added to a window's grace in the windowing stage: a bucket is emitted up to a commit interval after its
     * events arrive, and an event may be stamped up to minutes ahead (ingest's future skew), which moves the
     * windowing stage's clock forward.
     */
    static final Duration WINDOW_SLACK = Duration.ofMinutes(6);

    private AnalyticsTopology() {
    }

    static Topology build(AnalyticsProperties settings, Topics topics) {
        return build(settings, topics, EventTracing.off());
    }

    /** The topology, its first stage tracing each event whose trace is sampled. */
    static Topology build(AnalyticsProperties settings, Topics topics, EventTracing tracing) {
        StreamsBuilder builder = new StreamsBuilder();
        // The stores that grow with the customers are on disk (RocksDB, under BoundedRocksDb's budget), the rest,
        // bounded by tenants and windows, in memory.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MeasureProcessor.CUSTOMERS),
                                Serdes.String(), JsonSerde.of(Profile.class)).withLoggingDisabled(),
                settings.customersTopic(), Consumed.with(Serdes.String(), JsonSerde.of(Profile.class)),
                () -> new Keep<>(MeasureProcessor.CUSTOMERS));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MeasureProcessor.BUCKETS),
                Serdes.String(), Tally.SERDE).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MeasureProcessor.PROFILES),
                Serdes.String(), JsonSerde.of(Profile.class)).withCachingEnabled());

        Map<String, KStream<String, Object>> measured = builder
                .stream(topics.events(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("events"))
                .process(() -> new MeasureProcessor(settings.grace(), settings.commitInterval(), settings.enrich(), tracing),
                        Named.as("measure"), MeasureProcessor.BUCKETS, MeasureProcessor.PROFILES)
                .split(Named.as("measured-"))
                .branch((key, value) -> value instanceof Tally, Branched.as("tallies"))
                .branch((key, value) -> value instanceof MeasureProcessor.ProfileChange, Branched.as("profiles"))
                .defaultBranch(Branched.as("enriched"));
        measured.get("measured-profiles")
                .mapValues(value -> ((MeasureProcessor.ProfileChange) value).profile(), Named.as("profile"))
                .to(settings.customersTopic(), Produced.with(Serdes.String(), JsonSerde.of(Profile.class)));
        measured.get("measured-enriched")
                .mapValues(value -> ((MeasureProcessor.Enriched) value).value(), Named.as("enriched-value"))
                .to(settings.enrichedTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        KStream<String, Tally> tallies = measured.get("measured-tallies")
                .mapValues(value -> (Tally) value, Named.as("tally"));

        KStream<String, Tally> series = tallies
                .filterNot((key, tally) -> byCustomer(key), Named.as("series"))
                .merge(builder.stream(topics.quality(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                                .withName("quality"))
                        .process(QualityProcessor::new, Named.as("quality-tallies")));
        KGroupedStream<String, Tally> grouped = series.groupByKey(Grouped.with("series", Serdes.String(), Tally.SERDE));
        Duration slack = settings.grace().plus(WINDOW_SLACK);
        KStream<String, Figure> minutes = null;
        for (Window window : Window.values()) {
            KStream<String, Figure> figures = windowed("window-", grouped, window, slack);
            figures.filter((key, figure) -> window != Window.MINUTE || !Measures.isCustomerCut(figure.dims()),
                            Named.as("published-" + window.label()))
                    .selectKey((key, figure) -> figure.topicKey(), Named.as("keyed-" + window.label()))
                    .to(settings.aggregatedTopic(), Produced.with(Serdes.String(), Figure.SERDE));
            if (window == Window.MINUTE) {
                minutes = figures;
            }
        }
        KStream<String, Figure> topCustomers = windowed("customer-window-", tallies.filter((key, tally) -> byCustomer(key), Named.as("by-customer"))
                .groupByKey(Grouped.with("by-customer", Serdes.String(), Tally.SERDE)), Window.MINUTE, slack);

        Detection.add(builder, settings, topics.partitions(), minutes, topCustomers);
        return builder.build();
    }

    private static KStream<String, Figure> windowed(String prefix, KGroupedStream<String, Tally> grouped, Window window,
            Duration slack) {
        String name = prefix + window.label();
        return grouped.windowedBy(TimeWindows.ofSizeAndGrace(window.size(), slack))
                .reduce(Tally::plus, Named.as(name), Materialized.<String, Tally>as(
                                Stores.inMemoryWindowStore(name, window.size().plus(slack), window.size(), false))
                        .withKeySerde(Serdes.String()).withValueSerde(Tally.SERDE))
                .toStream(Named.as(name + "-changes"))
                .filter((key, tally) -> tally != null, Named.as(name + "-figures"))
                .map((key, tally) -> KeyValue.pair(key.key(),
                        Figure.of(SeriesKey.decode(key.key()), window, key.window().start(), tally)), Named.as(name + "-figure"));
    }

    private static boolean byCustomer(String seriesKey) {
        return SeriesKey.decode(seriesKey).name().equals(Metric.ORDERS_BY_CUSTOMER.wire());
    }

    /** The quality topic's signals as tallies, each at the time its record says. */
    static final class QualityProcessor implements Processor<String, byte[], String, Tally> {

        private ProcessorContext<String, Tally> context;

        @Override
        public void init(ProcessorContext<String, Tally> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            for (KeyValue<String, Tally> tally : QualityTallies.of(record.value(), record.timestamp())) {
                context.forward(new Record<>(tally.key, tally.value, record.timestamp()));
            }
        }
    }

    /** A global store's updater: keeps the latest value of each key (a null value removes it). */
    static final class Keep<V> implements Processor<String, V, Void, Void> {

        private final String storeName;
        private KeyValueStore<String, V> store;

        Keep(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, V> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
