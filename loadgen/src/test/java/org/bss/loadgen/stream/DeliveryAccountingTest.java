package org.bss.loadgen.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.report.Deliveries;
import org.bss.loadgen.report.RunRecorder;
import org.bss.loadgen.report.RunReport;
import org.bss.loadgen.report.Thresholds;
import org.bss.loadgen.report.Totals;
import org.bss.loadgen.traffic.GeneratedEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What subscribers got, against what the platform's answers say they had to get. */
class DeliveryAccountingTest {

    private static final long MS = 1_000_000L;
    private static final TenantKey A = new TenantKey("lg-a", "key-a");
    private static final TenantKey B = new TenantKey("lg-b", "key-b");

    private final Ledger ledger = new Ledger(List.of(A, B), StreamFilter.parse("type=order.placed"));
    private final Tally tally = new Tally(ledger);

    private static GeneratedEvent event(TenantKey tenant, String id, String type) {
        String source = "/tenants/" + tenant.tenantId() + "/orders";
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"type\":\"" + type
                + "\",\"subject\":\"cus_1\",\"data\":{\"id\":\"not this one\"}}";
        return new GeneratedEvent(id, source, type, "cus_1", json.getBytes(StandardCharsets.UTF_8));
    }

    /** A subscriber reads an event 5 ms after it was sent (at 100 ms). */
    private static void deliver(Subscriber subscriber, GeneratedEvent event) {
        subscriber.event(event.type(), event.id(), event.json(), event.json().length, 105 * MS);
    }

    @Test
    void missedDuplicatedUnexpectedAndUncertainEventsAreCountedPerSubscriber() {
        GeneratedEvent a1 = event(A, "a1", "order.placed");
        GeneratedEvent a2 = event(A, "a2", "order.placed");
        GeneratedEvent a3 = event(A, "a3", "order.placed");
        GeneratedEvent a4 = event(A, "a4", "order.placed");
        GeneratedEvent a5 = event(A, "a5", "order.placed");
        GeneratedEvent a6 = event(A, "a6", "order.placed");
        GeneratedEvent a7 = event(A, "a7", "order.placed");
        GeneratedEvent paid = event(A, "p1", "payment.processed");
        GeneratedEvent b1 = event(B, "b1", "order.placed");
        ledger.measureFrom(0);
        send(A, List.of(a1), 202, List.of(a1));
        send(A, List.of(a2), 202, List.of(a2));
        send(A, List.of(a3, a4), 207, List.of(a3));
        send(A, List.of(a5), 503, List.of());
        send(A, List.of(a6), 0, List.of());
        send(A, List.of(a7), 400, List.of());
        send(A, List.of(paid), 202, List.of(paid));
        send(B, List.of(b1), 202, List.of(b1));

        Subscriber first = new Subscriber(1, ledger.book(A), tally);
        Subscriber second = new Subscriber(2, ledger.book(A), tally);
        Subscriber third = new Subscriber(3, ledger.book(B), tally);
        for (GeneratedEvent event : List.of(a1, a2, a2, a3, a5, b1, paid, a4)) {
            deliver(first, event);
        }
        byte[] garbage = "not a CloudEvent".getBytes(StandardCharsets.UTF_8);
        first.event("order.placed", "", garbage, garbage.length, 105 * MS);
        deliver(second, a1);
        deliver(third, b1);
        byte[] overflow = "{\"specversion\":\"1.0\",\"id\":\"o\",\"source\":\"/stream\",\"type\":\"stream.overflow\",\"data\":{\"position\":\"b1\"}}"
                .getBytes(StandardCharsets.UTF_8);
        third.event(Subscriber.OVERFLOW, "", overflow, overflow.length, 106 * MS);

        Deliveries deliveries = tally.count(List.of(first, second, third), "GET /api/v1/stream?type=order.placed",
                "every expected event delivered, 0.1 s after the load ended");

        assertThat(deliveries.subscribers()).containsExactly(
                // a1, a2, a3 expected and got; a2 twice; b1 (another tenant's), p1 (outside the filter), a4 (refused)
                // and the garbage unexpected; a5 (503) uncertain
                new Deliveries.Subscriber(1, "lg-a", 3, 3, 1, 4, 1, 0, 0),
                new Deliveries.Subscriber(2, "lg-a", 3, 1, 0, 0, 0, 0, 0),
                new Deliveries.Subscriber(3, "lg-b", 1, 1, 0, 0, 0, 1, 0));
        assertThat(deliveries.subscribers().get(1).missed()).isEqualTo(2);
        assertThat(deliveries.faults()).isEqualTo(1 + 4 + 2);
        assertThat(deliveries.latency().count())
                .as("first deliveries of the tenant's matching events, whatever the answer (it may come after the event)")
                .isEqualTo(7);
        assertThat(deliveries.latency().p50Ms()).isBetween(4.99, 5.01);
        assertThat(deliveries.missedSamples()).containsExactly(
                "subscriber 2 (lg-a) missed /tenants/lg-a/orders a2", "subscriber 2 (lg-a) missed /tenants/lg-a/orders a3");
        assertThat(deliveries.unexpectedSamples()).containsExactly(
                "subscriber 1 (lg-a) got /tenants/lg-b/orders b1 (order.placed)",
                "subscriber 1 (lg-a) got /tenants/lg-a/orders p1 (payment.processed)",
                "subscriber 1 (lg-a) got a frame whose data is no CloudEvent: not a CloudEvent",
                "subscriber 1 (lg-a) got one refused when sent: /tenants/lg-a/orders a4");

        Totals totals = new RunRecorder(0).totals();
        List<String> failures = new Thresholds(null, null, null, 6L).evaluate(totals, null, deliveries);
        RunReport report = new RunReport("r", Map.of(), Map.of(), totals, null, deliveries, failures, List.of());
        assertThat(failures).containsExactly(
                "stream subscribers: 7 events missed, duplicated or unexpected > 6 (missed 2, duplicates 1, unexpected 4)");
        assertThat(report.text()).contains("""
                Stream subscribers
                  subscribers  3 over 2 tenants, each with its tenant's key: GET /api/v1/stream?type=order.placed
                  filter       type=order.placed
                  expected     7 (accepted events of each one's tenant matching the filter, added up)
                  delivered    5 (71.43%)
                  missed       2 (expected, never delivered)
                  duplicates   1 (copies beyond the first)
                  unexpected   4 (another tenant's, outside the filter, or refused when sent)
                  uncertain    1 (delivered; their requests were answered 5xx or not at all: neither missed nor unexpected)
                  overflowed   1 (stream.overflow: cut off as too slow)
                  reconnects   0 (opened again with Last-Event-ID)
                  settled      every expected event delivered, 0.1 s after the load ended
                """).contains("""
                Subscribers
                  #  tenant  expected  delivered  missed  duplicates  unexpected  uncertain  overflowed  reconnects
                  -  ------  --------  ---------  ------  ----------  ----------  ---------  ----------  ----------
                  1  lg-a           3          3       0           1           4          1           0           0
                  2  lg-a           3          1       2           0           0          0           0           0
                  3  lg-b           1          1       0           0           0          0           1           0
                """).contains("Missed, for instance\n  subscriber 2 (lg-a) missed /tenants/lg-a/orders a2\n")
                .contains("Thresholds: FAIL\n  FAIL stream subscribers: 7 events missed");

        JsonNode json = JsonMapper.builder().build().readTree(report.json());
        assertThat(json.get("stream").get("totals").get("missed").asLong()).isEqualTo(2);
        assertThat(json.get("stream").get("perSubscriber").get(0).get("unexpected").asLong()).isEqualTo(4);
        assertThat(report.html()).contains("<h2>Stream subscribers</h2>", "missed / duplicates / unexpected at subscribers");
    }

    @Test
    void theWarmUpsEventsAreExpectedButLeftOutOfTheLatency() {
        GeneratedEvent early = event(A, "early", "order.placed");
        GeneratedEvent late = event(A, "late", "order.placed");
        ledger.sending(A, List.of(early), 100 * MS);
        ledger.answered(A, List.of(early), 202, List.of(early));
        ledger.measureFrom(101 * MS);
        ledger.sending(A, List.of(late), 102 * MS);
        ledger.answered(A, List.of(late), 202, List.of(late));
        Subscriber subscriber = new Subscriber(1, ledger.book(A), tally);

        deliver(subscriber, early);
        deliver(subscriber, late);

        Deliveries deliveries = tally.count(List.of(subscriber), "GET /api/v1/stream", "done");
        assertThat(deliveries.total().delivered()).isEqualTo(2);
        assertThat(deliveries.latency().count()).isEqualTo(1);
        assertThat(deliveries.latency().maxMs()).isBetween(2.99, 3.01);
    }

    @Test
    void manySubscribersShowTheWorstInTheTextAndEveryOneInTheJson() {
        GeneratedEvent a1 = event(A, "a1", "order.placed");
        send(A, List.of(a1), 202, List.of(a1));
        List<Subscriber> subscribers = new ArrayList<>();
        for (int n = 1; n <= 30; n++) {
            Subscriber subscriber = new Subscriber(n, ledger.book(A), tally);
            if (n != 17) {
                deliver(subscriber, a1);
            }
            subscribers.add(subscriber);
        }

        Deliveries deliveries = tally.count(subscribers, "GET /api/v1/stream", "done");
        RunReport report = new RunReport("r", Map.of(), Map.of(), new RunRecorder(0).totals(), null, deliveries, null, List.of());

        assertThat(report.text()).contains("Subscribers: 20 of 30, the most missed, duplicated and unexpected first "
                + "(every one in the JSON report)\n").containsPattern("-\n  17 +lg-a +1 +0 +1 ");
        assertThat(JsonMapper.builder().build().readTree(report.json()).get("stream").get("perSubscriber").size())
                .isEqualTo(30);
        assertThat(report.html()).contains("<summary>Every subscriber (30)</summary>");
    }

    private void send(TenantKey tenant, List<GeneratedEvent> events, int status, List<GeneratedEvent> accepted) {
        ledger.sending(tenant, events, 100 * MS);
        ledger.answered(tenant, events, status, accepted);
    }
}
