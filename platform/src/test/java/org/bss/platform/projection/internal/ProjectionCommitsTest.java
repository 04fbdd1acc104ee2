package org.bss.platform.projection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bss.platform.bus.EventTopics;
import org.junit.jupiter.api.Test;

/** What the projection tells the cache: changed answers after each commit; after a start on empty tables, forget and warm. */
class ProjectionCommitsTest {

    /** Records what it is told. */
    static final class Told implements ReadCache {
        final List<String> calls = new ArrayList<>();

        @Override
        public byte[] get(CacheKey key, Supplier<byte[]> load) {
            return load.get();
        }

        @Override
        public void invalidate(Collection<CacheKey> keys) {
            calls.add("invalidate " + keys.stream().map(CacheKey::text).toList());
        }

        @Override
        public void forgetAll() {
            calls.add("forget all");
        }

        @Override
        public void warmMostRead() {
            calls.add("warm");
        }
    }

    private final Told cache = new Told();
    private final ProjectionStore store = mock(ProjectionStore.class);
    private final ProjectionCommits commits = new ProjectionCommits(cache, store,
            new EventTopics("bss.events", "bss.events.dlq", "bss.control", 12, (short) 1));

    private static Projector.Changes touching(String customer) {
        return new Projector.Changes(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of(), Map.of(),
                Set.of(new Ref("t1", customer)));
    }

    private static Map<Integer, ProjectionStore.Position> foldedUpTo(Instant accepted) {
        return Map.of(0, new ProjectionStore.Position(10, accepted));
    }

    @Test
    void onTablesWithPositionsItOnlyInvalidates() {
        when(store.positions("bss.events")).thenReturn(foldedUpTo(Instant.now()));
        commits.afterSingletonsInstantiated();

        commits.committed(touching("c1"), foldedUpTo(Instant.now()));

        assertThat(cache.calls).containsExactly("invalidate [t1:customer:2:c1, t1:balance:2:c1]");
    }

    @Test
    void onEmptyTablesItForgetsEverythingAndWarmsOnceCaughtUp() {
        when(store.positions("bss.events")).thenReturn(Map.of());
        commits.afterSingletonsInstantiated();
        assertThat(cache.calls).containsExactly("forget all");

        commits.committed(touching("c1"), foldedUpTo(Instant.now().minusSeconds(3600)));
        assertThat(cache.calls).as("still an hour behind").doesNotContain("warm");

        commits.committed(touching("c2"), foldedUpTo(Instant.now()));
        commits.committed(touching("c3"), foldedUpTo(Instant.now()));
        commits.idle(null);

        assertThat(cache.calls).filteredOn("warm"::equals).hasSize(1);
        assertThat(cache.calls.indexOf("warm")).isEqualTo(3); // after the invalidation of the batch that caught up
    }

    @Test
    void nothingLeftToFoldCountsAsCaughtUp() {
        when(store.positions("bss.events")).thenReturn(Map.of());
        commits.afterSingletonsInstantiated();

        commits.idle(null);

        assertThat(cache.calls).containsExactly("forget all", "warm");
    }
}
