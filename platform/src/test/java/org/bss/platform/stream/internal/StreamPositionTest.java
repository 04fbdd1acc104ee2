package org.bss.platform.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamPositionTest {

    @Test
    void aPositionIsWrittenAndReadBack() {
        StreamPosition position = new StreamPosition(new long[] {0, 17, 123456789012L});
        assertThat(position.toString()).isEqualTo("0.17.123456789012");
        assertThat(StreamPosition.parse(position.toString())).isEqualTo(position);
    }

    @Test
    void aPartitionThePositionDoesNotNameStartsAtItsFirstOffset() {
        assertThat(StreamPosition.parse("4.5").at(7)).isZero();
    }

    @Test
    void whatIsNoPositionIsRefused() {
        for (String bad : new String[] {"", " ", "a.1", "1..2", "-1.2", "+1", "1.2.", "١.2"}) {
            assertThatThrownBy(() -> StreamPosition.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anEventsPositionIsItsBaseWithItsOwnPartitionMovedPastIt() {
        Delivery delivery = new Delivery("t", new byte[0], 0, new long[] {3, 9, 4}, 1, 11);
        assertThat(delivery.position()).isEqualTo("3.12.4");
        assertThat(delivery.position(new StreamPosition(new long[] {5, 0, 0}))).isEqualTo("5.12.4");
    }

    @Test
    void reachedAndMaxComparePartitionByPartition() {
        StreamPosition a = new StreamPosition(new long[] {3, 9});
        StreamPosition b = new StreamPosition(new long[] {4, 2, 1});
        assertThat(a.max(b)).isEqualTo(new StreamPosition(new long[] {4, 9, 1}));
        assertThat(a.reached(b)).isFalse();
        assertThat(a.max(b).reached(a)).isTrue();
    }

    @Test
    void aServerSentEventsDataLineNeverBreaksOnTheJsonsOwnLineBreaks() {
        byte[] json = "{\"a\":1,\r\n\"b\":\n2}".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(Delivery.ServerSentEvents.body("x.y", json), StandardCharsets.UTF_8))
                .isEqualTo("event: x.y\ndata: {\"a\":1,\ndata: \"b\":\ndata: 2}\n\n");
        assertThat(Delivery.ServerSentEvents.oneLine("a\nb")).isEqualTo("a\\nb");
    }

    @Test
    void aFloorIsPassedOnceTheDeliveriesPositionIsAtOrPastItOnEveryPartition() {
        StreamPosition floor = StreamPosition.parse("10.20.30");
        Delivery behindOnOne = new Delivery("t", new byte[0], 0, new long[] {10, 19, 40}, 0, 12);
        Delivery ownPartitionCatchesUp = new Delivery("t", new byte[0], 0, new long[] {10, 19, 40}, 1, 19);
        Delivery pastEverywhere = new Delivery("t", new byte[0], 0, new long[] {11, 25, 30}, 2, 31);
        assertThat(behindOnOne.passed(floor)).isFalse();
        assertThat(ownPartitionCatchesUp.passed(floor)).isTrue();
        assertThat(pastEverywhere.passed(floor)).isTrue();
        assertThat(pastEverywhere.position(floor)).as("the floor changes nothing once passed")
                .isEqualTo(pastEverywhere.position());
        assertThat(new Delivery("t", new byte[0], 0, new long[] {10}, 0, 10).passed(floor))
                .as("a partition the fan-out has not reached yet").isFalse();
    }
}
