package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bss.model.readmodel.Data.money;
import static org.bss.model.readmodel.Data.object;
import static org.bss.model.readmodel.Facts.fact;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final List<Map<String, Object>> ITEMS = List.of(
            Map.of("product_id", "phone-x", "quantity", 2, "price", money("19.99")),
            Map.of("product_id", "sim", "price", money("5.00")),
            Map.of("product_id", "gift", "quantity", 1));

    private static Order fold(Fact... arrival) {
        return Facts.fold(Order.initial("ord-1"), Order::evolve, arrival);
    }

    private static Fact placed(Object... extra) {
        Object[] fields = {"order_id", "ord-1", "customer_id", "cus-1", "channel", "web"};
        Object[] all = new Object[fields.length + extra.length];
        System.arraycopy(fields, 0, all, 0, fields.length);
        System.arraycopy(extra, 0, all, fields.length, extra.length);
        return fact("order.placed", "2026-03-01T10:00:00Z", object(all));
    }

    @Test
    void aPlacedThenCompletedOrderReadsCompletedWithItsAmount() {
        Fact placed = placed("amount", money("129.00"), "currency", "PLN", "items", ITEMS);
        Fact completed = fact("order.completed", "2026-03-02T10:00:00Z", object("order_id", "ord-1",
                "customer_id", "cus-1", "status", "completed"));

        Order order = fold(completed, placed);

        assertThat(Ranked.valueOf(order.status())).isEqualTo("completed");
        assertThat(order.total()).isEqualByComparingTo("129.00");
        assertThat(Lww.valueOf(order.currency())).isEqualTo("PLN");
        assertThat(order.placed()).isEqualTo(placed.stamp());
        assertThat(order.completed()).isEqualTo(completed.stamp());
    }

    @Test
    void withoutAnAmountTheTotalIsPriceTimesQuantityOfTheItems() {
        // 2 x 19.99, then 1 x 5.00 (no quantity counts as one); an item without a price adds nothing
        assertThat(fold(placed("items", ITEMS)).total()).isEqualByComparingTo("44.98");
    }

    @Test
    void anOrderWithNeitherAmountNorItemsHasNoTotal() {
        assertThat(fold(placed()).total()).isNull();
        assertThat(Ranked.valueOf(fold(placed()).status())).isEqualTo("placed");
    }

    @Test
    void placedKeepsTheStatusItNames() {
        assertThat(Ranked.valueOf(fold(placed("status", "confirmed")).status())).isEqualTo("confirmed");
    }

    @Test
    void betweenCancellationAndCompletionTheLaterOneWins() {
        Fact cancelled = fact("order.cancelled", "2026-03-02T10:00:00Z", object("order_id", "ord-1",
                "customer_id", "cus-1", "reason", "out_of_stock", "status", "cancelled"));
        Fact completed = fact("order.completed", "2026-03-03T10:00:00Z", object("order_id", "ord-1",
                "customer_id", "cus-1", "status", "completed"));

        assertThat(Ranked.valueOf(fold(placed(), completed, cancelled).status())).isEqualTo("completed");
        assertThat(Ranked.valueOf(fold(cancelled, placed()).status())).isEqualTo("cancelled");
    }
}
