package org.bss.platform.analytics.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Hot spots over all tenants (its input, each tenant's events per minute and each partition's, comes on one
 * partition): once a minute has closed, {@link HotSpots#judge} it, open an alert for each hot tenant or partition,
 * resolve those no longer hot for two minutes, and write the partitions' skew as a platform figure.
 */
final class HotspotProcessor implements Processor<String, Figure, String, Object> {

    static final String MINUTES = "hot-minutes";
    static final String STATE = "hot-state";
    private static final String KEY = "state";
    private static final long MINUTE = Window.MINUTE.size().toMillis();
    private static final int RESOLVE_AFTER = 2;

    /** Each tenant's events in the minute; each partition's events by tenant. */
    record Counts(Map<String, Long> tenants, Map<String, Map<String, Long>> partitions) {
    }

    /** The last minute judged, the alerts open (by tenant or partition) and their minutes without heat. */
    record State(long lastJudged, Map<String, Alert> open, Map<String, Integer> cool) {
    }

    private final ClosedMinutes closed;
    private final Duration every;
    private final double tenantShare;
    private final double partitionShare;
    private final long minEvents;
    private final int partitions;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Counts> minutes;
    private KeyValueStore<String, State> state;

    HotspotProcessor(Duration grace, Duration commitInterval, Duration every, double tenantShare, double partitionShare,
            long minEvents, int partitions) {
        this.closed = ClosedMinutes.of(grace, commitInterval);
        this.every = every;
        this.tenantShare = tenantShare;
        this.partitionShare = partitionShare;
        this.minEvents = minEvents;
        this.partitions = partitions;
    }

    static boolean feeds(Figure figure) {
        return figure.name().equals(Metric.EVENTS.wire()) && figure.dims().isEmpty()
                && !figure.tenant().equals(SeriesKey.PLATFORM)
                || figure.name().equals(Metric.PARTITION_EVENTS.wire());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.minutes = context.getStateStore(MINUTES);
        this.state = context.getStateStore(STATE);
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::judgeClosed);
    }

    @Override
    public void process(Record<String, Figure> record) {
        Figure figure = record.value();
        String key = Long.toString(figure.start());
        Counts counts = minutes.get(key);
        Map<String, Long> tenants = new HashMap<>(counts == null ? Map.of() : counts.tenants());
        Map<String, Map<String, Long>> byPartition = new HashMap<>(counts == null ? Map.of() : counts.partitions());
        if (figure.name().equals(Metric.EVENTS.wire())) {
            tenants.put(figure.tenant(), figure.count());
        } else {
            Map<String, String> dims = Dims.parse(figure.dims());
            Map<String, Long> inPartition = new HashMap<>(byPartition.getOrDefault(dims.get("partition"), Map.of()));
            inPartition.put(dims.get("tenant"), figure.count());
            byPartition.put(dims.get("partition"), inPartition);
        }
        minutes.put(key, new Counts(tenants, byPartition));
        if (state.get(KEY) == null) {
            state.put(KEY, new State(figure.start() - MINUTE, Map.of(), Map.of()));
        }
    }

    private void judgeClosed(long now) {
        State current = state.get(KEY);
        if (current == null) {
            return;
        }
        long latest = closed.latest(now);
        if (latest <= current.lastJudged()) {
            return;
        }
        List<KeyValue<String, Counts>> ready = new ArrayList<>();
        try (KeyValueIterator<String, Counts> all = minutes.all()) {
            all.forEachRemaining(entry -> {
                if (Long.parseLong(entry.key) <= latest) {
                    ready.add(entry);
                }
            });
        }
        ready.sort((a, b) -> Long.compare(Long.parseLong(a.key), Long.parseLong(b.key)));
        for (KeyValue<String, Counts> minute : ready) {
            minutes.delete(minute.key);
            long start = Long.parseLong(minute.key);
            if (start > current.lastJudged()) {
                current = judge(current, start, minute.value, now);
            }
        }
        state.put(KEY, new State(latest, current.open(), current.cool()));
    }

    private State judge(State current, long start, Counts counts, long now) {
        Map<Integer, Map<String, Long>> byPartition = new HashMap<>();
        counts.partitions().forEach((partition, tenants) -> byPartition.put(Integer.parseInt(partition), tenants));
        HotSpots.Judgement judgement = HotSpots.judge(new HotSpots.Minute(counts.tenants(), byPartition), tenantShare,
                partitionShare, minEvents, partitions);
        if (!judgement.judged()) {
            return new State(start, current.open(), current.cool());
        }
        context.forward(new Record<>(SeriesKey.PLATFORM, new Figure(SeriesKey.PLATFORM, Metric.PARTITION_SKEW.wire(),
                Dims.NONE, Window.MINUTE.label(), start, 1, judgement.skew(), 0), now));
        Map<String, Alert> open = new HashMap<>(current.open());
        Map<String, Integer> cool = new HashMap<>(current.cool());
        Map<String, HotSpots.Hot> hotNow = new HashMap<>();
        for (HotSpots.Hot hot : judgement.hot()) {
            hotNow.put(hot.metric() + '/' + hot.tenant() + '/' + hot.dims(), hot);
        }
        for (Map.Entry<String, HotSpots.Hot> entry : hotNow.entrySet()) {
            HotSpots.Hot hot = entry.getValue();
            cool.remove(entry.getKey());
            if (!open.containsKey(entry.getKey())) {
                double limit = hot.metric().equals("tenant.share") ? tenantShare : partitionShare;
                Alert alert = new Alert(Alert.idOf(hot.tenant(), hot.metric(), hot.dims(), "hot-spot", start),
                        hot.tenant(), hot.metric(), hot.dims(), "hot-spot", "warning", Alert.OPEN, Window.MINUTE.label(),
                        start, hot.share(), 0, limit, hot.share(), hot.explanation(), now, null, now);
                open.put(entry.getKey(), alert);
                context.forward(new Record<>(alert.id(), alert, now));
            }
        }
        for (String key : List.copyOf(open.keySet())) {
            if (hotNow.containsKey(key)) {
                continue;
            }
            int cooled = cool.getOrDefault(key, 0) + 1;
            if (cooled >= RESOLVE_AFTER) {
                Alert resolved = open.remove(key).resolved(now);
                cool.remove(key);
                context.forward(new Record<>(resolved.id(), resolved, now));
            } else {
                cool.put(key, cooled);
            }
        }
        return new State(start, open, cool);
    }
}
