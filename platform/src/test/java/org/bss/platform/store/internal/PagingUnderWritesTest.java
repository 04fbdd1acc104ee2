package org.bss.platform.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A reader following `next` while events are being written sees every event exactly once. */
class PagingUnderWritesTest extends ApiTest {

    static final int EVENTS = 300;

    @Test
    void followingNextDuringWritesMissesAndRepeatsNothing() {
        ApiClient api = newTenantClient("paging");
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < EVENTS; i++) {
                assertThat(api.postEvent(StoreTestEvents.payment("p-" + i, "customer/c-" + (i % 7), i + 1)).status())
                        .isEqualTo(202);
            }
        });

        List<String> seen = new ArrayList<>();
        AtomicReference<String> cursor = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
            JsonNode page = api.get("/api/v1/events?limit=7" + (cursor.get() == null ? "" : "&after=" + cursor.get())).json();
            page.get("events").valueStream().forEach(e -> seen.add(e.get("id").asString()));
            if (!page.get("next").isNull()) {
                cursor.set(page.get("next").asString());
            }
            return seen.size() >= EVENTS;
        });
        writing.join();

        assertThat(seen).doesNotHaveDuplicates().hasSize(EVENTS);
    }
}
