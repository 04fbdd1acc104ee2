package org.bss.platform.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The writer dies after the database committed a batch and before Kafka got its offsets: when it comes back, the
 * batch is delivered again, and every event is still stored exactly once. Runs on a topic and consumer group of
 * its own, so that the fault touches no other test.
 */
@TestPropertySource(properties = {"bss.kafka.events-topic=bss.events.crash", "bss.store.consumer-group=bss-store-crash",
        "bss.projection.consumer-group=bss-projection-crash", "bss.analytics.application-id=bss-analytics-crash",
        "bss.roles=ingest,query,store,projection,replay"})
class CrashBetweenCommitsTest extends ApiTest {

    @MockitoSpyBean
    EventBatchWriter writer;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aBatchRedeliveredAfterTheDatabaseCommitIsNotStoredTwice() {
        AtomicInteger crashes = new AtomicInteger();
        AtomicInteger committedBeforeCrash = new AtomicInteger();
        doAnswer(call -> {
            Object stored = call.callRealMethod();
            if (crashes.get() == 0) {
                committedBeforeCrash.set(((EventBatchWriter.Written) stored).stored());
                crashes.incrementAndGet();
                throw new IllegalStateException("the writer died after the database commit");
            }
            return stored;
        }).when(writer).write(any());
        ApiClient api = newTenantClient("crash");
        String tenant = api.get("/api/v1/events").status() == 200 ? tenantOf(api) : null;

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add("crash-" + i);
            assertThat(api.postEvent(StoreTestEvents.payment("crash-" + i, "customer/c-" + (i % 3), i + 1)).status())
                    .isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> crashes.get() == 1);
        assertThat(committedBeforeCrash.get()).isPositive();
        MessageListenerContainer container = listeners.getListenerContainer("bss-store");
        container.stop();
        container.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> count(tenant) == ids.size());
        assertThat(jdbc.queryForObject("""
                select count(*) from (select source, id from events where tenant_id = ? group by source, id having count(*) > 1) d""",
                Integer.class, tenant)).isZero();
        assertThat(api.get("/api/v1/events?limit=1000").json().get("events").valueStream()
                .map(e -> e.get("id").asString()).filter(id -> id.startsWith("crash-")).toList())
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    private String tenantOf(ApiClient api) {
        String probe = "probe-" + System.nanoTime();
        api.postEvent(StoreTestEvents.payment(probe, "customer/probe", 1));
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> jdbc.queryForList("select tenant_id from events where id = ?", String.class, probe),
                rows -> rows.size() == 1).getFirst();
    }

    private int count(String tenant) {
        return jdbc.queryForObject("select count(*) from events where tenant_id = ? and id like 'crash-%'", Integer.class, tenant);
    }
}
