package org.bss.platform.projection.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.bss.model.readmodel.Balance;
import org.bss.model.readmodel.CustomerFolio;
import org.bss.model.readmodel.Invoice;
import org.bss.model.readmodel.Subscription;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.Projected;
import org.bss.platform.store.ReadSources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Time travel folds the store's events with the live projection's functions: as of now it is the live read model,
 * and snapshots never change an answer, late events included.
 */
class TimeTravelTest extends ApiTest {

    private static final String BATCH = "application/cloudevents-batch+json";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Autowired
    TimeTravel timeTravel;
    @Autowired
    ProjectionJson projectionJson;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReadSources reads;

    /** A generated history of one customer: n events over 100 days, in a shuffled order. */
    private static List<String> history(String customer, int n, long seed, String idPrefix) {
        Random random = new Random(seed);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant time = START.plusSeconds(random.nextInt(100 * 86_400));
            String id = idPrefix + i;
            String sub = "s" + random.nextInt(3) + "-" + customer;
            String inv = "i" + random.nextInt(20) + "-" + customer;
            String[] currency = {"EUR", "USD"};
            String data = switch (random.nextInt(9)) {
                case 0 -> event("customer.updated", id, time, "{\"customer_id\":\"%s\",\"segment\":\"seg%d\"}"
                        .formatted(customer, random.nextInt(5)));
                case 1 -> event("subscription.activated", id, time, "{\"subscription_id\":\"%s\",\"customer_id\":\"%s\",\"plan_id\":\"p%d\"}"
                        .formatted(sub, customer, random.nextInt(4)));
                case 2 -> event("subscription.suspended", id, time, "{\"subscription_id\":\"%s\",\"customer_id\":\"%s\"}"
                        .formatted(sub, customer));
                case 3 -> event("invoice.generated", id, time, "{\"invoice_id\":\"%s\",\"customer_id\":\"%s\",\"amount\":%d.%02d,\"currency\":\"%s\"}"
                        .formatted(inv, customer, 1 + random.nextInt(200), random.nextInt(100), currency[random.nextInt(2)]));
                case 4 -> event("invoice.paid", id, time, "{\"invoice_id\":\"%s\",\"customer_id\":\"%s\"}".formatted(inv, customer));
                case 5 -> event("invoice.overdue", id, time, "{\"invoice_id\":\"%s\",\"customer_id\":\"%s\"}".formatted(inv, customer));
                case 6 -> event("usage.recorded", id, time, "{\"subscription_id\":\"%s\",\"customer_id\":\"%s\",\"metric\":\"data\",\"quantity\":%d,\"unit\":\"MB\"}"
                        .formatted(sub, customer, random.nextInt(1000)));
                case 7 -> event("order.placed", id, time, "{\"order_id\":\"o%d-%s\",\"customer_id\":\"%s\",\"amount\":%d,\"currency\":\"EUR\"}"
                        .formatted(random.nextInt(5), customer, customer, 1 + random.nextInt(100)));
                default -> event("customer.created", id, time, "{\"customer_id\":\"%s\",\"email\":\"c%d@example.com\"}"
                        .formatted(customer, random.nextInt(9)));
            };
            events.add(data);
        }
        Collections.shuffle(events, random);
        return events;
    }

    private static String event(String type, String id, Instant time, String data) {
        return """
                {"specversion":"1.0","type":"%s","source":"/gen","id":"%s","time":"%s","datacontenttype":"application/json","data":%s}"""
                .formatted(type, id, time, data);
    }

    private String post(ApiClient client, List<String> events) {
        String token = null;
        for (int from = 0; from < events.size(); from += 200) {
            ApiClient.Response answer = client.post("/api/v1/events", BATCH,
                    "[" + String.join(",", events.subList(from, Math.min(events.size(), from + 200))) + "]");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
            token = answer.json().get("consistencyToken").asString();
        }
        return token;
    }

    private void awaitProjectedAndStored(ApiClient client, String token, String customer, int events) {
        Projected.await(client, token);
        assertThat(client.get("/api/v1/customers/" + customer + "?token=" + token).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.get("/api/v1/events?limit=1000").json()
                .get("events").size() == events);
    }

    @Test
    void asOfNowIsTheLiveReadModelAndSnapshotsNeverChangeAnAnswer() {
        String tenant = "travel-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        ApiClient client = client(tenants.issueKey(tenant, java.util.EnumSet.of(org.bss.platform.tenancy.Scope.EVENTS_WRITE,
                org.bss.platform.tenancy.Scope.EVENTS_READ), null).secret());
        String customer = "c-" + UUID.randomUUID();
        List<String> first = history(customer, 450, 7, "a");
        awaitProjectedAndStored(client, post(client, first), customer, 450);

        Instant future = Instant.parse("2100-01-01T00:00:00Z");
        CustomerFolio now = timeTravel.customer(reads.primary(), tenant, customer, future, true).orElseThrow();
        assertThat(jdbc.sql("select count(*) from rm_snapshots where tenant_id = ?").param(tenant).query(Long.class).single())
                .isPositive();
        assertEqualsLive(tenant, customer, now);

        Random random = new Random(11);
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            instants.add(START.plusSeconds(random.nextInt(110 * 86_400)));
        }
        for (Instant asOf : instants) {
            assertThat(timeTravel.customer(reads.primary(), tenant, customer, asOf, true)).isEqualTo(timeTravel.customer(reads.primary(), tenant, customer, asOf, false));
        }

        // Late events, stamped before the snapshots' cuts, arrive after them: answers with snapshots still see them.
        List<String> late = history(customer, 150, 13, "late");
        awaitProjectedAndStored(client, post(client, late), customer, 600);
        for (Instant asOf : instants) {
            assertThat(timeTravel.customer(reads.primary(), tenant, customer, asOf, true)).isEqualTo(timeTravel.customer(reads.primary(), tenant, customer, asOf, false));
        }
        assertEqualsLive(tenant, customer, timeTravel.customer(reads.primary(), tenant, customer, future, true).orElseThrow());
    }

    /** The live states of one kind that belong to the customer (by id, the customer's own: by its id). */
    private <S> List<S> states(ProjectionStore.Model<S> model, String tenant, String customer) {
        String column = model.hasCustomer() ? "customer_id" : model.idColumn();
        return jdbc.sql("select state::text from " + model.table() + " where tenant_id = ? and " + column + " = ?")
                .params(tenant, customer).query(String.class).list().stream()
                .map(text -> projectionJson.mapper().readValue(text, model.type())).toList();
    }

    private List<Balance> liveBalances(String tenant, String customer) {
        return jdbc.sql("select currency, invoiced, paid, overdue from rm_balances where tenant_id = ? and customer_id = ?"
                        + " and (invoiced <> 0 or paid <> 0 or overdue <> 0) order by currency")
                .params(tenant, customer)
                .query((rs, n) -> new Balance(rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4)))
                .list();
    }

    private void assertEqualsLive(String tenant, String customer, CustomerFolio folio) {
        assertThat(folio.customer()).isEqualTo(states(ProjectionStore.Model.CUSTOMERS, tenant, customer).getFirst());
        Map<String, Subscription> subscriptions = new TreeMap<>();
        states(ProjectionStore.Model.SUBSCRIPTIONS, tenant, customer).forEach(s -> subscriptions.put(s.id(), s));
        assertThat(folio.subscriptions()).isEqualTo(subscriptions);
        Map<String, Invoice> invoices = new TreeMap<>();
        states(ProjectionStore.Model.INVOICES, tenant, customer).forEach(i -> invoices.put(i.id(), i));
        assertThat(folio.invoices()).isEqualTo(invoices);
        assertThat(Views.balances(folio.balances().values()))
                .usingRecursiveFieldByFieldElementComparator(org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                        .withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class).build())
                .isEqualTo(Views.balances(liveBalances(tenant, customer)));
    }
}
