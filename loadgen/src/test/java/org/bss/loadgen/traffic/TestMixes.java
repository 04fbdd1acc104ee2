package org.bss.loadgen.traffic;

/** Mixes the tests run besides the plan. */
final class TestMixes {

    /** Every catalog type, in proportions a BSS could see. */
    static final EventMix ALL_TYPES = EventMix.parse("""
            customer.created=8,customer.updated=10,customer.terminated=1,\
            subscription.activated=6,subscription.suspended=2,subscription.cancelled=2,usage.recorded=15,\
            order.placed=15,order.cancelled=3,order.completed=8,\
            invoice.generated=8,invoice.paid=5,invoice.overdue=3,\
            payment.created=4,payment.processed=10""");

    private TestMixes() {
    }
}
