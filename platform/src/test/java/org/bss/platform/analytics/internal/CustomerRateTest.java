package org.bss.platform.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class CustomerRateTest {

    @Test
    void aCustomerNotSeenBeforeSurgesByAllTheirOrders() {
        CustomerRate rate = CustomerRate.observe(null, 100, 40);
        assertThat(rate.surge(100, 40)).isEqualTo(40);
    }

    @Test
    void aBusyCustomersUsualOrdersAreNoSurgeAndOrdersWithinAMinuteOnlyGrow() {
        CustomerRate rate = null;
        for (long minute = 0; minute < 120; minute++) {
            rate = CustomerRate.observe(rate, minute, 10);
            rate = CustomerRate.observe(rate, minute, 30);
        }
        assertThat(rate.usualBefore(120)).isCloseTo(30, offset(0.2));
        assertThat(rate.surge(120, 33)).isCloseTo(3, offset(0.2));
        assertThat(CustomerRate.observe(rate, 119, 12)).as("fewer orders than already seen").isSameAs(rate);
        assertThat(CustomerRate.observe(rate, 20, 99)).as("a late figure of an older minute").isSameAs(rate);
    }

    @Test
    void aBurstStaysASurgeForItsMinutesInsteadOfBecomingUsualAtOnce() {
        CustomerRate rate = null;
        double[] surges = new double[3];
        for (int minute = 0; minute < surges.length; minute++) {
            rate = CustomerRate.observe(rate, 500 + minute, 40);
            surges[minute] = rate.surge(500 + minute, 40);
        }
        assertThat(java.util.Arrays.stream(surges).min().orElseThrow()).isGreaterThan(25);
        assertThat(surges[1]).isGreaterThan(30);
    }

    @Test
    void quietMinutesCountAsNoOrdersAndAQuietCustomerIsForgotten() {
        CustomerRate rate = null;
        for (long minute = 0; minute < 60; minute++) {
            rate = CustomerRate.observe(rate, minute, 2);
        }
        assertThat(rate.usualBefore(60 + 30)).as("half an hour without orders").isBetween(0.5, 1.0);
        assertThat(rate.forgotten(60 + 30)).isFalse();
        assertThat(rate.usualBefore(60 + 180)).isLessThan(CustomerRate.FORGOTTEN_BELOW);
        assertThat(rate.forgotten(60 + 180)).isTrue();
        assertThat(CustomerRate.observe(rate, 300, 5).surge(300, 5)).isCloseTo(5, offset(0.01));
    }
}
