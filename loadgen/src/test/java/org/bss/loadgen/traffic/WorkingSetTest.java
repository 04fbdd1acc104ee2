package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkingSetTest {

    private final Dice dice = new Dice(new SplittableRandom(1));

    @Test
    void theActivityIndexPicksSlotsInProportionToTheirWeights() {
        ActivityIndex index = new ActivityIndex(3);
        index.set(0, 1);
        index.set(1, 0);
        index.set(2, 3);
        index.grow(6);
        index.set(5, 4);

        assertThat(index.total()).isEqualTo(8);
        assertThat(index.find(0)).isZero();
        assertThat(index.find(1)).isEqualTo(2);
        assertThat(index.find(3)).isEqualTo(2);
        assertThat(index.find(4)).isEqualTo(5);
        assertThat(index.find(7)).isEqualTo(5);
        index.set(2, 0);
        assertThat(index.find(1)).isEqualTo(5);
    }

    @Test
    void activityWeightsAreHeavyTailed() {
        int ones = 0;
        int heavy = 0;
        for (int i = 0; i < 10_000; i++) {
            int w = Customers.activityWeight((i + 0.5) / 10_000);
            assertThat(w).isBetween(1, Customers.MAX_ACTIVITY);
            ones += w == 1 ? 1 : 0;
            heavy += w >= 50 ? 1 : 0;
        }
        assertThat(ones).isGreaterThan(4_000);
        assertThat(heavy).isBetween(10, 200);
    }

    @Test
    void customersLiveInARingThatForgetsTheOldest() {
        Customers customers = new Customers(3);
        Customer[] made = new Customer[5];
        for (int i = 0; i < 5; i++) {
            made[i] = new Customer("c" + i, customers.nextSlot(), Region.PL, false, Name.of("A"), Name.of("B"));
            customers.add(made[i], 1);
        }

        assertThat(customers.size()).isEqualTo(3);
        assertThat(customers.contains(made[0])).isFalse();
        assertThat(customers.contains(made[1])).isFalse();
        assertThat(customers.contains(made[4])).isTrue();
        customers.remove(made[3]);
        assertThat(customers.size()).isEqualTo(2);
        for (int i = 0; i < 100; i++) {
            assertThat(customers.pickByActivity(dice)).isIn(made[2], made[4]);
            assertThat(customers.pickAny(dice)).isIn(made[2], made[4]);
        }
        assertThatIllegalArgumentException().isThrownBy(() -> new Customers(0));
    }

    @Test
    void aFullBagReplacesAtRandomAndPickLiveDropsTheDeparted() {
        WorkingSet world = new WorkingSet(new WorkingSet.Limits(10, 3, 1, 1, 1));
        Customer gone = new Customer("gone", world.customers.nextSlot(), Region.DE, false, Name.of("A"), Name.of("B"));
        world.customers.add(gone, 1);
        Customer here = new Customer("here", world.customers.nextSlot(), Region.DE, false, Name.of("A"), Name.of("B"));
        world.customers.add(here, 1);
        for (int i = 0; i < 3; i++) {
            assertThat(world.openOrders.add(Order.of("o" + i, gone, List.of()), dice)).isNull();
        }
        assertThat(world.openOrders.add(Order.of("o3", here, List.of()), dice)).isNotNull();
        assertThat(world.openOrders.size()).isEqualTo(3);

        world.customers.remove(gone);
        Order picked = world.takeLive(world.openOrders, dice);

        assertThat(picked.id()).isEqualTo("o3");
        assertThat(world.pickLive(world.openOrders, dice)).isEqualTo(-1);
        assertThat(world.openOrders.isEmpty()).isTrue();
    }

    @Test
    void debtsBalanceSubstitutions() {
        Debts debts = new Debts();
        debts.substituted(EventType.ORDER_CANCELLED, EventType.ORDER_PLACED);
        debts.substituted(EventType.ORDER_PLACED, EventType.CUSTOMER_CREATED);

        assertThat(debts.owes(EventType.ORDER_CANCELLED)).isTrue();
        assertThat(debts.owed(EventType.ORDER_PLACED)).isZero(); // its surplus and debt cancel out
        assertThat(debts.surplus(EventType.ORDER_PLACED)).isZero();
        assertThat(debts.inSurplus(EventType.CUSTOMER_CREATED)).isTrue();

        debts.substituted(EventType.CUSTOMER_CREATED, EventType.ORDER_CANCELLED);
        for (EventType type : EventType.values()) {
            assertThat(debts.owed(type) + debts.surplus(type)).as(type.type()).isZero();
        }
    }

    @Test
    void attemptsPerInvoiceFollowTheMix() {
        assertThat(Traffic.attemptsPerInvoice(EventMix.plan())).isEqualTo(2.1, within(1e-9));
        assertThat(Traffic.attemptsPerInvoice(EventMix.parse("invoice.generated=10,payment.processed=5"))).isEqualTo(1);
        assertThat(Traffic.attemptsPerInvoice(EventMix.parse("invoice.generated=10"))).isEqualTo(1);
        assertThat(Traffic.attemptsPerInvoice(EventMix.parse("payment.processed=10"))).isEqualTo(12);
    }

    @Test
    void pricesAreInTheRegionsCurrencyAndEndLikePrices() {
        assertThat(Region.DE.price(3999)).isEqualTo(3999);
        assertThat(Region.PL.price(3999)).isEqualTo(17199);
        assertThat(Region.PL.price(64900)).isEqualTo(279100);
        assertThat(Region.CZ.price(499)).isEqualTo(12499);
        assertThat(Region.GB.price(50)).isEqualTo(43);
        assertThat(Region.PL.taxIn(12300)).isEqualTo(2300);
        assertThat(Name.slug("O'Brien")).isEqualTo("obrien");
        assertThat(Name.slug("Łukasz Groß Dvořák")).isEqualTo("lukaszgrossdvorak");
    }
}
