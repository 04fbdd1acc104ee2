package org.bss.platform.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.Violation;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.ConsistencyToken;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** A batch's answer from its entries and Kafka's acknowledgements: results in order, the status and the token. */
class BatchOutcomeTest {

    private static BatchOutcome.Sent sent(int index) {
        CloudEvent event = new CloudEvent("1.0", "evt-" + index, "/billing", "shipment.sent", null, null, null, null,
                Map.of(), null);
        return new BatchOutcome.Sent(index, new BusEvent("acme", new UUID(0, index), Instant.EPOCH, event), index % 2 == 0);
    }

    private static BatchOutcome.Rejected invalid(int index) {
        return new BatchOutcome.Rejected(index, null, IngestProblems.unreadable(List.of(Violation.whole("not JSON"))));
    }

    /** Kafka's answer for the sent events, in their order: acknowledged ones at offsets 10, 11, ... of partition 0. */
    private static Acknowledgements acks(boolean... acknowledged) {
        Acknowledgements acks = new Acknowledgements(acknowledged.length);
        for (int i = 0; i < acknowledged.length; i++) {
            if (acknowledged[i]) {
                acks.acknowledged(i, 0, 10 + i);
            }
        }
        return acks;
    }

    @Test
    void everyEventAcknowledgedIs202() {
        BatchOutcome outcome = BatchOutcome.settle(List.of(sent(0), sent(1)), acks(true, true));

        assertThat(outcome.status()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(outcome.results()).containsExactly(
                new BatchOutcome.Accepted(0, "evt-0", new UUID(0, 0), true),
                new BatchOutcome.Accepted(1, "evt-1", new UUID(0, 1), false));
        assertThat(outcome.accepted()).isEqualTo(2);
        assertThat(outcome.rejected()).isZero();
        assertThat(outcome.token()).isEqualTo(ConsistencyToken.of(0, 11));
    }

    @Test
    void someAcceptedAndSomeRefusedIs207InTheOrderOfTheRequest() {
        BatchOutcome outcome = BatchOutcome.settle(List.of(invalid(0), sent(1), invalid(2)), acks(true));

        assertThat(outcome.status()).isEqualTo(HttpStatus.MULTI_STATUS);
        assertThat(outcome.results()).extracting(BatchOutcome.Result::index).containsExactly(0, 1, 2);
        assertThat(outcome.results().get(1)).isInstanceOf(BatchOutcome.Accepted.class);
        assertThat(outcome.accepted()).isEqualTo(1);
        assertThat(outcome.rejected()).isEqualTo(2);
        assertThat(outcome.token()).isEqualTo(ConsistencyToken.of(0, 10));
    }

    @Test
    void someAcceptedAndSomeNotAcknowledgedIs207() {
        BatchOutcome outcome = BatchOutcome.settle(List.of(sent(0), sent(1)), acks(false, true));

        assertThat(outcome.status()).isEqualTo(HttpStatus.MULTI_STATUS);
        BatchOutcome.Rejected unacknowledged = (BatchOutcome.Rejected) outcome.results().getFirst();
        assertThat(unacknowledged.id()).isEqualTo("evt-0");
        assertThat(unacknowledged.problem().getStatus()).isEqualTo(503);
        assertThat(outcome.token()).as("only the acknowledged event's position").isEqualTo(ConsistencyToken.of(0, 11));
    }

    @Test
    void nothingAcceptedBecauseKafkaFailedIs503EvenWithInvalidEvents() {
        BatchOutcome outcome = BatchOutcome.settle(List.of(invalid(0), sent(1)), acks(false));

        assertThat(outcome.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(outcome.unavailable()).isTrue();
        assertThat(outcome.token().isEmpty()).isTrue();
    }

    @Test
    void nothingAcceptedAndEveryEventInvalidIs400() {
        BatchOutcome outcome = BatchOutcome.settle(List.of(invalid(0), invalid(1)), acks());

        assertThat(outcome.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(outcome.unavailable()).isFalse();
        assertThat(outcome.accepted()).isZero();
        assertThat(outcome.token().isEmpty()).isTrue();
    }
}
