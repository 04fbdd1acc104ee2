package org.bss.platform.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bss.model.Uuid7;
import org.bss.platform.ApiTest;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.BusRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The writer tells a duplicate (the same tenant, source and id sent again: another platform id) from a batch
 * delivered again (the same platform ids), whether the first copy was stored before or sits in the same batch.
 */
class DuplicateClaimsTest extends ApiTest {

    @Autowired
    EventBatchWriter writer;

    @Test
    void aBatchDeliveredAgainHasNoDuplicates() {
        BusEvent event = StoreTestEvents.bus(tenant(), "again", "application/json", "{}", Instant.now());

        assertThat(writer.write(List.of(StoredEvent.of(event, 0, 0)))).isEqualTo(new EventBatchWriter.Written(1, List.of()));
        assertThat(writer.write(List.of(StoredEvent.of(event, 0, 0)))).isEqualTo(new EventBatchWriter.Written(0, List.of()));
    }

    @Test
    void anEventSentAgainIsADuplicateOfTheStoredOne() {
        String tenant = tenant();
        BusEvent first = StoreTestEvents.bus(tenant, "twice", "application/json", "{}", Instant.now());
        BusEvent resent = resend(first);
        BusEvent other = StoreTestEvents.bus(tenant, "once", "application/json", "{}", Instant.now());
        writer.write(List.of(StoredEvent.of(first, 0, 0)));

        EventBatchWriter.Written written = writer.write(List.of(StoredEvent.of(resent, 0, 1), StoredEvent.of(other, 0, 2),
                StoredEvent.of(first, 0, 0)));

        assertThat(written.stored()).isEqualTo(1);
        assertThat(written.duplicates()).extracting(BusRecord::eventId).containsExactly(resent.eventId());
    }

    @Test
    void anEventSentAgainWithinOneBatchIsADuplicateOfTheFirst() {
        BusEvent first = StoreTestEvents.bus(tenant(), "in-batch", "application/json", "{}", Instant.now());
        BusEvent resent = resend(first);

        EventBatchWriter.Written written = writer.write(List.of(StoredEvent.of(first, 0, 0), StoredEvent.of(resent, 0, 1)));

        assertThat(written.stored()).isEqualTo(1);
        assertThat(written.duplicates()).extracting(BusRecord::eventId).containsExactly(resent.eventId());
    }

    private static BusEvent resend(BusEvent event) {
        return new BusEvent(event.tenantId(), Uuid7.next(), event.receivedAt().plusMillis(1), event.event());
    }

    private String tenant() {
        String tenant = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        return tenant;
    }
}
