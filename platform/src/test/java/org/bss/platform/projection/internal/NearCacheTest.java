package org.bss.platform.projection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The near cache serves only while listening, and refuses an entry read before an invalidation heard since. */
class NearCacheTest {

    private static final long NOW = 1_000;

    private final NearCache near = new NearCache(100, Duration.ofMinutes(1));

    private static CacheEntry entry(String answer) {
        return new CacheEntry(0, NOW + 60_000, 10, answer.getBytes(StandardCharsets.UTF_8));
    }

    private String answer(String key) {
        CacheEntry entry = near.get(key, NOW);
        return entry == null ? null : new String(entry.answer(), StandardCharsets.UTF_8);
    }

    @Test
    void notListeningItNeitherKeepsNorServes() {
        near.put("k", entry("v1"), near.stamp("k"));
        assertThat(near.size()).isZero();

        near.listening(true);
        near.put("k", entry("v1"), near.stamp("k"));
        assertThat(answer("k")).isEqualTo("v1");

        near.listening(false);
        assertThat(answer("k")).isNull();
        near.listening(true);
        assertThat(answer("k")).as("what it kept before may have missed invalidations").isNull();
    }

    @Test
    void anEntryReadBeforeAnInvalidationOfItsKeyIsNotKept() {
        near.listening(true);
        NearCache.Stamp before = near.stamp("k");
        near.drop(List.of("k"));

        near.put("k", entry("old"), before);

        assertThat(answer("k")).isNull();
        near.put("k", entry("new"), near.stamp("k"));
        assertThat(answer("k")).isEqualTo("new");
    }

    @Test
    void anEntryReadBeforeEverythingWasForgottenIsNotKept() {
        near.listening(true);
        NearCache.Stamp before = near.stamp("k");
        near.dropAll();

        near.put("k", entry("old"), before);

        assertThat(answer("k")).isNull();
    }

    @Test
    void anEntryThatExpiredInRedisIsNotServed() {
        near.listening(true);
        near.put("k", new CacheEntry(0, NOW, 10, new byte[] {1}), near.stamp("k"));

        assertThat(near.get("k", NOW)).isNull();
    }
}
