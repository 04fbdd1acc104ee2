package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.bss.loadgen.traffic.EventMix;
import org.bss.loadgen.traffic.GeneratedEvent;
import org.bss.loadgen.traffic.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadWriteSplitTest {

    private static final int DRAWS = 100_000;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 25, 50, 99, 100})
    void theShareOfReadsIsThePercentageAndReadsNameOnlyAcceptedCustomers(int percent) {
        Traffic traffic = traffic();
        Set<String> accepted = acceptEveryOtherCustomer(traffic, 5_000);
        ReadWriteSplit split = new ReadWriteSplit(percent, 11);

        int reads = 0;
        for (int i = 0; i < DRAWS; i++) {
            String customer = split.nextRead(traffic);
            if (customer != null) {
                reads++;
                assertThat(accepted).contains(customer);
            }
        }

        assertThat((double) reads / DRAWS).isCloseTo(percent / 100.0, within(0.01));
        assertThat(split.reads()).isEqualTo(percent > 0);
    }

    @Test
    void everyRequestWritesWhileNoCustomerIsAccepted() {
        Traffic traffic = traffic();
        for (int i = 0; i < 1_000; i++) {
            traffic.next();
        }
        ReadWriteSplit split = new ReadWriteSplit(100, 11);

        for (int i = 0; i < 1_000; i++) {
            assertThat(split.nextRead(traffic)).isNull();
        }
    }

    @Test
    void aShareOutside0To100IsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReadWriteSplit(-1, 1)).withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReadWriteSplit(101, 1)).withMessageContaining("101");
    }

    private static Traffic traffic() {
        return new Traffic("t1", EventMix.plan(), 2, Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC));
    }

    /** Generates events and tells the stream that every other customer.created was accepted; their customers' ids. */
    private static Set<String> acceptEveryOtherCustomer(Traffic traffic, int events) {
        Set<String> accepted = new HashSet<>();
        boolean accept = true;
        for (int i = 0; i < events; i++) {
            GeneratedEvent event = traffic.next();
            if (Traffic.createsCustomer(event)) {
                if (accept) {
                    traffic.customerAccepted(event);
                    accepted.add(event.subject().substring("customer/".length()));
                }
                accept = !accept;
            }
        }
        return accepted;
    }
}
