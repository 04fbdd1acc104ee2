package org.bss.platform.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.bss.platform.bus.ConsistencyToken;
import org.junit.jupiter.api.Test;

/** Kafka's answer per sent event, and the consistency token of the acknowledged ones. */
class AcknowledgementsTest {

    @Test
    void nothingIsAcknowledgedUntilKafkaSaysSo() {
        Acknowledgements acks = new Acknowledgements(3);
        acks.acknowledged(1, 4, 0);

        assertThat(acks.isAcknowledged(0)).isFalse();
        assertThat(acks.isAcknowledged(1)).isTrue();
        assertThat(acks.isAcknowledged(2)).isFalse();
        assertThat(acks.unacknowledged()).isEqualTo(2);
    }

    @Test
    void theTokenHoldsTheHighestAcknowledgedOffsetOfEachPartition() {
        Acknowledgements acks = new Acknowledgements(5);
        acks.acknowledged(0, 3, 1234);
        acks.acknowledged(1, 5, 77);
        acks.acknowledged(2, 3, 1200); // sent later, yet placed earlier: only the highest counts
        acks.acknowledged(4, 5, 78);

        assertThat(acks.token()).isEqualTo(ConsistencyToken.parse("3-1234.5-78"));
    }

    @Test
    void withNothingAcknowledgedTheTokenIsEmpty() {
        assertThat(new Acknowledgements(2).token()).isEqualTo(ConsistencyToken.NONE);
        assertThat(new Acknowledgements(0).token()).isEqualTo(ConsistencyToken.NONE);
    }
}
