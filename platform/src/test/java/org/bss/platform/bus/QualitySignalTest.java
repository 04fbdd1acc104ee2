package org.bss.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The record format of bss.quality, written and read back. */
class QualitySignalTest {

    private static final Instant AT = Instant.parse("2025-11-07T10:30:00.123Z");

    @Test
    void aSignalIsKeyedByTenantStampedWithItsTimeAndItsValueIsFlatJson() {
        ProducerRecord<String, byte[]> record = new QualitySignal("t1", "order.placed", QualitySignal.Reason.SCHEMA, 3, AT)
                .toRecord("bss.quality");

        assertThat(record.topic()).isEqualTo("bss.quality");
        assertThat(record.key()).isEqualTo("t1");
        assertThat(record.timestamp()).isEqualTo(AT.toEpochMilli());
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"tenant\":\"t1\",\"type\":\"order.placed\",\"reason\":\"schema\",\"count\":3}");
    }

    @Test
    void anUnknownTypeIsNullAndEveryReasonReadsBack() {
        for (QualitySignal.Reason reason : QualitySignal.Reason.values()) {
            for (String type : new String[] {null, "t\"ype/\u00e9"}) {
                QualitySignal signal = new QualitySignal("acme", type, reason, 1, AT);
                ProducerRecord<String, byte[]> record = signal.toRecord("bss.quality");

                assertThat(QualitySignal.read(record.value(), record.timestamp())).isEqualTo(signal);
            }
        }
        assertThat(new String(new QualitySignal("acme", null, QualitySignal.Reason.UNKNOWN_TYPE, 2, AT).json(),
                StandardCharsets.UTF_8)).isEqualTo("{\"tenant\":\"acme\",\"type\":null,\"reason\":\"unknown-type\",\"count\":2}");
    }

    @Test
    void aSignalCountsAtLeastOneEvent() {
        assertThatThrownBy(() -> new QualitySignal("acme", "x", QualitySignal.Reason.RULE, 0, AT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
