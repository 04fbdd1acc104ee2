package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anomalies injected into a stream: what each does to the events while it lasts, and nothing before. The clock moves
 * one millisecond a draw, so draw i happens at START + i ms and the anomaly spans draws FROM to TO.
 */
class InjectionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant START = Instant.parse("2025-11-07T10:30:00Z");
    private static final int FROM = 10_000;
    private static final int TO = 20_000;
    private static final int DRAWS = 30_000;

    /** The stream's answers, draw by draw (null: nothing sent), and the injection. */
    private record Run(List<GeneratedEvent> draws, Injection injection) {

        List<JsonNode> before(String type) {
            return events(0, FROM, type);
        }

        List<JsonNode> during(String type) {
            return events(FROM, TO, type);
        }

        List<JsonNode> after(String type) {
            return events(TO, DRAWS, type);
        }

        List<JsonNode> events(int from, int to, String type) {
            return draws.subList(from, to).stream().filter(Objects::nonNull).filter(e -> e.type().equals(type))
                    .map(e -> JSON.readTree(e.json())).toList();
        }
    }

    @Test
    void paymentFailuresFailMostPaymentsWhileTheyLastEachWithAFailureCode() {
        Run run = run(Anomaly.PAYMENT_FAILURES, 1);

        assertThat(failedShare(run.before("payment.processed"))).isLessThan(0.3);
        assertThat(failedShare(run.during("payment.processed"))).isBetween(0.55, 0.65);
        assertThat(failedShare(run.after("payment.processed"))).isLessThan(0.3);
        assertThat(run.during("payment.processed")).hasSizeGreaterThan(500)
                .filteredOn(p -> p.path("data").path("status").asString().equals("failed"))
                .allSatisfy(p -> assertThat(p.path("data").path("failure_code").asString()).isNotBlank());
    }

    @Test
    void anOrderDropSendsAFifthOfTheOrdersAndTheRestAsBefore() {
        Run run = run(Anomaly.ORDER_DROP, 2);

        double ordersBefore = run.before("order.placed").size() / (double) FROM;
        double ordersDuring = run.during("order.placed").size() / (double) (TO - FROM);
        double updatesBefore = run.before("customer.updated").size() / (double) FROM;
        double updatesDuring = run.during("customer.updated").size() / (double) (TO - FROM);

        assertThat(ordersDuring / ordersBefore).isBetween(0.15, 0.25);
        assertThat(updatesDuring / updatesBefore).isBetween(0.9, 1.1);
        assertThat(run.after("order.placed").size() / (double) (DRAWS - TO) / ordersBefore).isBetween(0.9, 1.1);
        assertThat(run.draws().subList(FROM, TO)).as("requests left empty by dropped orders").containsNull();
        assertThat(run.draws().subList(0, FROM)).doesNotContainNull();
    }

    @Test
    void aRevenueJumpPricesOrdersFiveTimesAsHighAndTheirTotalsFollow() {
        Run run = run(Anomaly.REVENUE_JUMP, 3);
        Map<String, BigDecimal> listPrices = new HashMap<>();
        for (JsonNode order : run.before("order.placed")) {
            items(order).forEach((key, price) -> listPrices.put(key, price));
        }

        List<JsonNode> during = run.during("order.placed");
        assertThat(during).hasSizeGreaterThan(500).allSatisfy(order -> {
            items(order).forEach((key, price) -> {
                if (listPrices.containsKey(key)) {
                    assertThat(price).as(key).isEqualByComparingTo(listPrices.get(key).multiply(BigDecimal.valueOf(5)));
                }
            });
            BigDecimal total = BigDecimal.ZERO;
            for (JsonNode item : order.path("data").path("items")) {
                total = total.add(item.path("price").decimalValue().multiply(BigDecimal.valueOf(item.path("quantity").asInt())));
            }
            assertThat(order.path("data").path("amount").decimalValue()).isEqualByComparingTo(total);
        });
        assertThat(run.after("order.placed")).allSatisfy(order -> items(order).forEach((key, price) -> {
            if (listPrices.containsKey(key)) {
                assertThat(price).as(key).isEqualByComparingTo(listPrices.get(key));
            }
        }));
    }

    @Test
    void anOrderBurstHasOneCustomerPlaceAnOrderEveryOneAndAHalfSecondsOnTopOfTheirOwn() {
        Run run = run(Anomaly.ORDER_BURST, 4);
        List<JsonNode> burst = new ArrayList<>();
        for (int draw = FROM; draw < TO; draw += 1_500) {
            burst.add(JSON.readTree(run.draws().get(draw).json()));
        }
        String burster = burst.getFirst().path("data").path("customer_id").asString();

        assertThat(burst).as("the 10 s span: an order every 1.5 s from its start").hasSize(7).allSatisfy(order -> {
            assertThat(order.path("type").asString()).isEqualTo("order.placed");
            assertThat(order.path("data").path("customer_id").asString()).isEqualTo(burster);
        });
        assertThat(ordersByCustomer(run.before("order.placed")).getOrDefault(burster, 0)).as("a customer who rarely orders")
                .isLessThan(5);
        assertThat(ordersByCustomer(run.during("order.placed")).get(burster)).isGreaterThanOrEqualTo(7);
        assertThat(ordersByCustomer(run.after("order.placed")).getOrDefault(burster, 0)).isLessThan(5);
        assertThat(run.draws()).doesNotContainNull();
    }

    @Test
    void aSilencedStreamSendsNothingWhileItLastsAndGoesOnAfterwards() {
        Run run = run(Anomaly.SILENCE, 5);

        assertThat(run.draws().subList(FROM, TO)).containsOnlyNulls();
        assertThat(run.draws().subList(0, FROM)).doesNotContainNull();
        assertThat(run.draws().subList(TO, DRAWS)).doesNotContainNull();
    }

    @ParameterizedTest
    @EnumSource(Anomaly.class)
    void anInjectionBeginsAtTheFirstDrawInItsSpanAndEndsAtTheFirstAfter(Anomaly kind) {
        Traffic traffic = new Traffic("t1", EventMix.plan(), 6, new TickingClock(START, 1_000));
        Injection injection = traffic.inject(kind, START.toEpochMilli() + 1_000, START.toEpochMilli() + 2_000);
        for (int i = 0; i < 3_000; i++) {
            traffic.next();
        }

        assertThat(injection.began()).hasValue(START.toEpochMilli() + 1_000);
        assertThat(injection.ended()).hasValue(START.toEpochMilli() + 2_000);
    }

    @ParameterizedTest
    @EnumSource(Anomaly.class)
    void everyEventOfAnInjectedStreamIsOneThePlatformAdmits(Anomaly kind) {
        TickingClock clock = new TickingClock(START, 1_000);
        Traffic traffic = new Traffic("t1", TestMixes.ALL_TYPES, 7, clock);
        traffic.inject(kind, START.toEpochMilli() + 2_000, START.toEpochMilli() + 8_000);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 10_000 && problems.size() < 20; i++) {
            GeneratedEvent event = traffic.next();
            if (event != null) {
                problems.addAll(EventChecks.problems("#" + i + " " + new String(event.json(), StandardCharsets.UTF_8),
                        event.json(), clock.peek()));
            }
        }

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Anomaly.class)
    void anInjectedStreamIsTheSameForTheSameSeedAndItsEventsBeforeTheAnomalyAreTheSeeds(Anomaly kind) {
        Run once = run(kind, 8);
        Run again = run(kind, 8);
        Run plain = run(null, 8);

        assertThat(again.draws()).isEqualTo(once.draws());
        assertThat(once.draws().subList(0, FROM)).isEqualTo(plain.draws().subList(0, FROM));
        assertThat(once.draws().subList(FROM, TO)).isNotEqualTo(plain.draws().subList(FROM, TO));
    }

    @Test
    void anInjectionTheStreamNeverReachesNeitherBeganNorEnded() {
        Traffic traffic = new Traffic("t1", EventMix.plan(), 1, new TickingClock(START, 1_000));
        Injection later = traffic.inject(Anomaly.SILENCE, START.toEpochMilli() + 60_000, START.toEpochMilli() + 120_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(traffic.next()).isNotNull();
        }

        assertThat(later.began()).isEmpty();
        assertThat(later.ended()).isEmpty();
        assertThat(traffic.silent()).isFalse();
    }

    @Test
    void aSilenceIsToldBeforeAReadAndCountsAsARequestOfTheStreams() {
        Traffic traffic = new Traffic("t1", EventMix.plan(), 1, new TickingClock(START, 1_000));
        Injection silence = traffic.inject(Anomaly.SILENCE, START.toEpochMilli() + 1, START.toEpochMilli() + 3);

        assertThat(traffic.silent()).isFalse();
        assertThat(traffic.silent()).isTrue();
        assertThat(traffic.next()).isNull();
        assertThat(traffic.silent()).isFalse();
        assertThat(silence.began()).hasValue(START.toEpochMilli() + 1);
        assertThat(silence.ended()).hasValue(START.toEpochMilli() + 3);
    }

    @Test
    void anInjectionMustLast() {
        Traffic traffic = new Traffic("t1", EventMix.plan(), 1, new TickingClock(START, 1_000));

        assertThatThrownBy(() -> traffic.inject(Anomaly.SILENCE, 10, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kindsAreKnownByTheirCommandLineNames() {
        assertThat(Stream.of(Anomaly.values()).map(Anomaly::label))
                .containsExactly("payment-failures", "order-drop", "revenue-jump", "order-burst", "silence");
        assertThat(Anomaly.of("Order-Drop")).isEqualTo(Anomaly.ORDER_DROP);
        assertThat(Anomaly.of("outage")).isNull();
    }

    /** A plan-mix stream of {@code DRAWS} draws, with {@code kind} (unless null) over draws FROM to TO. */
    private static Run run(Anomaly kind, long seed) {
        Traffic traffic = new Traffic("t1", EventMix.plan(), seed, new TickingClock(START, 1_000));
        Injection injection = kind == null ? null
                : traffic.inject(kind, START.toEpochMilli() + FROM, START.toEpochMilli() + TO);
        List<GeneratedEvent> draws = new ArrayList<>(DRAWS);
        for (int i = 0; i < DRAWS; i++) {
            draws.add(traffic.next());
        }
        return new Run(draws, injection);
    }

    private static double failedShare(List<JsonNode> payments) {
        Predicate<JsonNode> failed = p -> p.path("data").path("status").asString().equals("failed");
        return payments.stream().filter(failed).count() / (double) payments.size();
    }

    /** The order's unit prices by product and currency. */
    private static Map<String, BigDecimal> items(JsonNode order) {
        Map<String, BigDecimal> prices = new HashMap<>();
        String currency = order.path("data").path("currency").asString();
        for (JsonNode item : order.path("data").path("items")) {
            prices.put(item.path("product_id").asString() + " in " + currency, item.path("price").decimalValue());
        }
        return prices;
    }

    private static Map<String, Integer> ordersByCustomer(List<JsonNode> orders) {
        Map<String, Integer> counts = new HashMap<>();
        orders.forEach(order -> counts.merge(order.path("data").path("customer_id").asString(), 1, Integer::sum));
        return counts;
    }
}
