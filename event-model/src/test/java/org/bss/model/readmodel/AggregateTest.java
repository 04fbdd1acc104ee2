package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bss.model.readmodel.Data.object;
import static org.bss.model.readmodel.Facts.fact;

import org.bss.model.schema.EventCatalog;
import org.junit.jupiter.api.Test;

class AggregateTest {

    @Test
    void eachLifecycleTypeBelongsToTheAggregateItIsNamedAfter() {
        assertThat(Aggregate.owning("customer.updated")).isEqualTo(Aggregate.CUSTOMER);
        assertThat(Aggregate.owning("subscription.suspended")).isEqualTo(Aggregate.SUBSCRIPTION);
        assertThat(Aggregate.owning("order.placed")).isEqualTo(Aggregate.ORDER);
        assertThat(Aggregate.owning("invoice.paid")).isEqualTo(Aggregate.INVOICE);
        assertThat(Aggregate.owning("payment.processed")).isEqualTo(Aggregate.PAYMENT);
    }

    @Test
    void usageAndUnknownTypesBelongToNoAggregate() {
        assertThat(Aggregate.owning("usage.recorded")).isNull();
        assertThat(Aggregate.owning("shipment.sent")).isNull();
        assertThat(Aggregate.owning("")).isNull();
    }

    @Test
    void anAggregatesIdIsTheFieldNamedAfterIt() {
        Fact paid = fact("invoice.paid", "2026-03-10T02:00:00Z", object("invoice_id", "inv-1",
                "customer_id", "cus-1", "payment_id", "pay-1"));

        assertThat(Aggregate.INVOICE.idIn(paid)).isEqualTo("inv-1");
        assertThat(Aggregate.CUSTOMER.idIn(paid)).isEqualTo("cus-1");
        assertThat(Aggregate.PAYMENT.idIn(paid)).isEqualTo("pay-1");
        assertThat(Aggregate.ORDER.idIn(paid)).isNull();
    }

    @Test
    void anIdThatIsNotAPlainValueIsNoId() {
        Fact odd = fact("order.placed", "2026-03-10T02:00:00Z", object("order_id", object("number", 7)));

        assertThat(Aggregate.ORDER.idIn(odd)).isNull();
        assertThat(Aggregate.ORDER.idIn(new Fact("order.placed", odd.stamp(), null))).isNull();
    }

    @Test
    void theFoldedTypesAreTheCatalogs() {
        assertThat(Aggregate.types()).containsExactlyInAnyOrderElementsOf(EventCatalog.builtIn().types());
        assertThat(Aggregate.types()).allMatch(Aggregate::folds);
    }

    @Test
    void typesOutsideTheCatalogAreNotFolded() {
        assertThat(Aggregate.folds("customer.merged")).isFalse();
        assertThat(Aggregate.folds("usage.rated")).isFalse();
        assertThat(Aggregate.folds("shipment.sent")).isFalse();
    }
}
