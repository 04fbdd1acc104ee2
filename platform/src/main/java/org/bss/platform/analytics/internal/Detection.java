package org.bss.platform.analytics.internal;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.bss.platform.analytics.AnalyticsProperties;
import org.bss.platform.analytics.internal.detect.Thresholds;

/** The detecting part of the topology: each tenant's minutes to its detector, all tenants' to the hot-spot judge. */
final class Detection {

    private Detection() {
    }

    static void add(StreamsBuilder builder, AnalyticsProperties settings, int partitions, KStream<String, Figure> minutes,
            KStream<String, Figure> topCustomers) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DetectorProcessor.THRESHOLDS),
                                Serdes.String(), JsonSerde.of(Thresholds.class)).withLoggingDisabled(),
                settings.thresholdsTopic(), Consumed.with(Serdes.String(), JsonSerde.of(Thresholds.class)),
                () -> new AnalyticsTopology.Keep<>(DetectorProcessor.THRESHOLDS));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DetectorProcessor.PENDING),
                Serdes.String(), JsonSerde.of(Pending.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DetectorProcessor.WATCHES),
                Serdes.String(), JsonSerde.of(TenantWatch.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DetectorProcessor.CUSTOMERS),
                Serdes.String(), JsonSerde.of(CustomerRate.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HotspotProcessor.MINUTES),
                Serdes.String(), JsonSerde.of(HotspotProcessor.Counts.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HotspotProcessor.STATE),
                Serdes.String(), JsonSerde.of(HotspotProcessor.State.class)).withCachingEnabled());

        KStream<String, Object> detected = minutes
                .filter((key, figure) -> DetectorProcessor.watches(figure), Named.as("watched"))
                .merge(topCustomers, Named.as("watched-and-customers"))
                .selectKey((key, figure) -> figure.tenant(), Named.as("by-tenant-key"))
                .repartition(Repartitioned.<String, Figure>as("by-tenant")
                        .withKeySerde(Serdes.String()).withValueSerde(Figure.SERDE))
                .process(() -> new DetectorProcessor(settings.grace(), settings.commitInterval(), settings.detectEvery()),
                        Named.as("detect"), DetectorProcessor.PENDING, DetectorProcessor.WATCHES,
                        DetectorProcessor.CUSTOMERS);
        KStream<String, Object> hot = minutes
                .filter((key, figure) -> HotspotProcessor.feeds(figure), Named.as("hot-inputs"))
                .selectKey((key, figure) -> SeriesKey.PLATFORM, Named.as("platform-key"))
                .repartition(Repartitioned.<String, Figure>as("platform").withNumberOfPartitions(1)
                        .withKeySerde(Serdes.String()).withValueSerde(Figure.SERDE))
                .process(() -> new HotspotProcessor(settings.grace(), settings.commitInterval(), settings.detectEvery(),
                                settings.hotTenantShare(), settings.hotPartitionShare(), settings.hotMinEvents(), partitions),
                        Named.as("hot-spots"), HotspotProcessor.MINUTES, HotspotProcessor.STATE);
        Map<String, KStream<String, Object>> outputs = detected.merge(hot, Named.as("detections"))
                .split(Named.as("detected-"))
                .branch((key, value) -> value instanceof Alert, Branched.as("alerts"))
                .defaultBranch(Branched.as("figures"));
        outputs.get("detected-alerts")
                .mapValues(value -> (Alert) value, Named.as("alert"))
                .to(settings.alertsTopic(), Produced.with(Serdes.String(), Alert.SERDE));
        outputs.get("detected-figures")
                .mapValues(value -> (Figure) value, Named.as("detected-figure"))
                .selectKey((key, figure) -> figure.topicKey(), Named.as("detected-figure-key"))
                .to(settings.aggregatedTopic(), Produced.with(Serdes.String(), Figure.SERDE));
    }
}
