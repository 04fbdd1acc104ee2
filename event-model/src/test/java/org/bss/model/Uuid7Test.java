package org.bss.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class Uuid7Test {

    @Test
    void versionVariantTimeAndOrder() {
        long before = System.currentTimeMillis();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(Uuid7.next());
        }
        assertThat(ids).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        });
        assertThat(Uuid7.millisOf(ids.getFirst())).isBetween(before, System.currentTimeMillis() + 1000);
        List<String> asText = ids.stream().map(UUID::toString).toList();
        assertThat(asText).isSorted().doesNotHaveDuplicates();
    }
}
