package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bss.model.readmodel.Arrivals.Arrival;

/**
 * The live projection keeps a customer's balances by adding {@link Balance#change} whenever an invoice changes.
 * Whatever order the invoices' events arrive in, those sums are the balances of the final invoices, and they are
 * what the events say was invoiced, paid and left unpaid.
 */
class BalancePropertiesTest {

    /** The projection's two tables for one customer: its invoices, and its balances kept up by adding changes. */
    private static final class Projection {
        final Map<String, Invoice> invoices = new TreeMap<>();
        final Map<String, Balance> balances = new TreeMap<>();

        void accept(Fact event) {
            if (Aggregate.owning(event.type()) != Aggregate.INVOICE) {
                return;
            }
            String id = Aggregate.INVOICE.idIn(event);
            Invoice before = invoices.get(id);
            Invoice after = Invoice.evolve(before == null ? Invoice.initial(id) : before, event);
            invoices.put(id, after);
            Balance.change(before, after)
                    .forEach((currency, change) -> balances.merge(currency, change, Balance::plus));
        }

        static Projection of(List<Fact> arrival) {
            Projection projection = new Projection();
            arrival.forEach(projection::accept);
            return projection;
        }
    }

    @Provide
    Arbitrary<Arrival> permutations() {
        return Arrivals.permutations(Histories.histories());
    }

    @Property
    void summedChangesAreTheBalancesOfTheFinalInvoices(@ForAll("permutations") Arrival arrival) {
        Projection projection = Projection.of(arrival.order());

        assertThat(lines(projection.balances)).isEqualTo(lines(Balance.of(projection.invoices.values())));
        assertThat(lines(projection.balances)).isEqualTo(lines(arrival.history().folioInStampOrder().balances()));
    }

    @Property
    void balancesAreWhatTheInvoicesEventsSay(@ForAll("permutations") Arrival arrival) {
        assertThat(lines(Projection.of(arrival.order()).balances)).isEqualTo(expectedLines(arrival.history()));
    }

    /** The balance lines as a reader sees them; lines that are all zero say nothing and are left out. */
    private static List<String> lines(Map<String, Balance> balances) {
        return balances.values().stream().filter(balance -> !balance.isZero()).map(BalanceTest::line).toList();
    }

    /**
     * Each invoice's amount is invoiced; what its invoice.paid names is paid, or the whole amount when it names
     * none; an invoice overdue and not paid is overdue; outstanding is what each invoice leaves unpaid.
     */
    private static List<String> expectedLines(History history) {
        Map<String, Sums> byCurrency = new TreeMap<>();
        for (Fact generated : history.events()) {
            if (generated.type().equals("invoice.generated")) {
                String id = generated.text("invoice_id");
                BigDecimal amount = generated.decimal("amount");
                Fact paid = event(history, "invoice.paid", id);
                BigDecimal paidAmount = paid == null ? BigDecimal.ZERO
                        : paid.decimal("amount") != null ? paid.decimal("amount") : amount;
                boolean overdue = paid == null && event(history, "invoice.overdue", id) != null;
                byCurrency.computeIfAbsent(generated.text("currency"), currency -> new Sums())
                        .add(amount, paidAmount, overdue ? amount : BigDecimal.ZERO, amount.subtract(paidAmount));
            }
        }
        return byCurrency.entrySet().stream().map(entry -> entry.getValue().line(entry.getKey())).toList();
    }

    private static Fact event(History history, String type, String invoiceId) {
        return history.events().stream()
                .filter(event -> event.type().equals(type) && invoiceId.equals(event.text("invoice_id")))
                .findFirst().orElse(null);
    }

    private static final class Sums {
        BigDecimal invoiced = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal overdue = BigDecimal.ZERO;
        BigDecimal outstanding = BigDecimal.ZERO;

        void add(BigDecimal invoicedPart, BigDecimal paidPart, BigDecimal overduePart, BigDecimal outstandingPart) {
            invoiced = invoiced.add(invoicedPart);
            paid = paid.add(paidPart);
            overdue = overdue.add(overduePart);
            outstanding = outstanding.add(outstandingPart);
        }

        String line(String currency) {
            return "%s invoiced %s paid %s overdue %s outstanding %s".formatted(currency, invoiced.setScale(2),
                    paid.setScale(2), overdue.setScale(2), outstanding.setScale(2));
        }
    }
}
