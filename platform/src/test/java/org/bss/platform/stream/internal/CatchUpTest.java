package org.bss.platform.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.store.EventLog;
import org.bss.platform.store.EventLog.Located;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    /** A store holding the given events, answering {@code onPartition} as the real one does. */
    record Stored(List<Located> events, List<String> asked) implements EventLog {

        Stored(List<Located> events) {
            this(events, new ArrayList<>());
        }

        @Override
        public List<Located> onPartition(String tenantId, int partition, long fromOffset, long toOffset,
                Instant receivedFrom, int limit) {
            asked.add(partition + ":" + fromOffset + "-" + toOffset);
            return events.stream().filter(e -> e.partition() == partition && e.offset() >= fromOffset
                            && e.offset() < toOffset && (receivedFrom == null || !e.event().receivedAt().isBefore(receivedFrom)))
                    .limit(limit).toList();
        }

        @Override public Page read(Selection selection, Position after, int limit) { throw new UnsupportedOperationException(); }
        @Override public List<CloudEvent> byIds(String tenantId, List<Ref> refs) { throw new UnsupportedOperationException(); }
        @Override public EventLog.Stored scan(Scan scan, Position after, int limit) { throw new UnsupportedOperationException(); }
        @Override public EventLog.Stored scanCommitted(Scan scan, Position after, int limit) { throw new UnsupportedOperationException(); }
        @Override public long count(Scan scan) { throw new UnsupportedOperationException(); }
        @Override public long horizon() { throw new UnsupportedOperationException(); }
        @Override public List<String> tenants() { throw new UnsupportedOperationException(); }
    }

    static Located event(int partition, long offset, int second) {
        CloudEvent event = new CloudEvent("1.0", partition + "-" + offset, "/test", "demo.ping", "s" + partition, null,
                "application/json", null, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        return new Located(new BusEvent("t1", UUID.randomUUID(), T0.plusSeconds(second), event), partition, offset);
    }

    static List<String> drain(CatchUp catchUp) {
        List<String> ids = new ArrayList<>();
        Located next;
        while ((next = catchUp.next()) != null) {
            ids.add(next.event().event().id());
        }
        return ids;
    }

    @Test
    void missedEventsComeInAcceptOrderAcrossPartitionsEachPartitionInOffsetOrder() {
        Stored store = new Stored(List.of(event(0, 5, 1), event(0, 9, 4), event(1, 2, 2), event(1, 3, 3),
                event(2, 7, 0), event(0, 3, 0)));
        CatchUp catchUp = new CatchUp(store, "t1", new StreamPosition(new long[] {4, 0, 0}), null,
                new StreamPosition(new long[] {10, 4, 8}), 1);
        assertThat(drain(catchUp)).containsExactly("2-7", "0-5", "1-2", "1-3", "0-9");
        assertThat(catchUp.position()).isEqualTo(new StreamPosition(new long[] {10, 4, 8}));
    }

    @Test
    void thePositionMovesWithEveryEventSoALeavingSubscriberResumesRightThere() {
        Stored store = new Stored(List.of(event(0, 1, 1), event(1, 1, 2), event(0, 2, 3)));
        CatchUp catchUp = new CatchUp(store, "t1", new StreamPosition(new long[] {0, 0}), null,
                new StreamPosition(new long[] {3, 2}), 10);
        catchUp.next();
        catchUp.next();
        assertThat(catchUp.position()).isEqualTo(new StreamPosition(new long[] {2, 2}));
        CatchUp resumed = new CatchUp(store, "t1", catchUp.position(), null, new StreamPosition(new long[] {3, 2}), 10);
        assertThat(drain(resumed)).containsExactly("0-2");
    }

    @Test
    void extendingReadsOnUpToTheNewJoinPoint() {
        Stored store = new Stored(List.of(event(0, 1, 1), event(0, 5, 5), event(1, 4, 6)));
        CatchUp catchUp = new CatchUp(store, "t1", new StreamPosition(new long[] {0, 0}), null,
                new StreamPosition(new long[] {3, 3}), 10);
        assertThat(drain(catchUp)).containsExactly("0-1");
        catchUp.extend(new StreamPosition(new long[] {6, 5}));
        assertThat(drain(catchUp)).containsExactly("0-5", "1-4");
        assertThat(catchUp.position()).isEqualTo(new StreamPosition(new long[] {6, 5}));
    }

    @Test
    void fromAnInstantEachPartitionStartsAtItsFirstEventSinceThenOrWhereLiveStarts() {
        Stored store = new Stored(List.of(event(0, 1, 1), event(0, 2, 10), event(1, 7, 2)));
        CatchUp catchUp = new CatchUp(store, "t1", null, T0.plusSeconds(5), new StreamPosition(new long[] {3, 9}), 10);
        assertThat(catchUp.position()).isEqualTo(new StreamPosition(new long[] {2, 9}));
        assertThat(drain(catchUp)).containsExactly("0-2");
    }

    @Test
    void aPartitionAlreadyAtItsJoinPointIsNotAsked() {
        Stored store = new Stored(List.of(event(1, 1, 1)));
        CatchUp catchUp = new CatchUp(store, "t1", new StreamPosition(new long[] {5, 0}), null,
                new StreamPosition(new long[] {5, 2}), 10);
        assertThat(drain(catchUp)).containsExactly("1-1");
        assertThat(store.asked()).containsExactly("1:0-2");
    }
}
