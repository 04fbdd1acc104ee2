package org.bss.platform.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.Projected;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read API over HTTP: what a billing or customer system sees of a customer after posting its events, current
 * and as of an instant, with read-your-writes, tenant isolation and problem answers for bad input.
 */
class ReadModelApiTest extends ApiTest {

    private static final String BATCH = "application/cloudevents-batch+json";

    private ApiClient client;
    private String customer;

    @BeforeEach
    void newTenant() {
        client = newTenantClient("reads");
        customer = "cust-" + UUID.randomUUID();
    }

    static String event(String type, String id, String time, String subject, String data) {
        return """
                {"specversion":"1.0","type":"%s","source":"/billing","id":"%s","time":"%s","subject":"%s",\
                "datacontenttype":"application/json","data":%s}""".formatted(type, id, time, subject, data);
    }

    /** Posts the events as one batch; returns the answer's consistency token. */
    static String post(ApiClient client, List<String> events) {
        ApiClient.Response answer = client.post("/api/v1/events", BATCH, "[" + String.join(",", events) + "]");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        String token = answer.json().get("consistencyToken").asString();
        Projected.await(client, token);
        return token;
    }

    private List<String> history() {
        String c = customer;
        List<String> events = new ArrayList<>();
        events.add(event("customer.created", "e1", "2026-01-01T10:00:00Z", "customer/" + c,
                "{\"customer_id\":\"%s\",\"email\":\"ada@example.com\",\"first_name\":\"Ada\",\"status\":\"active\"}".formatted(c)));
        events.add(event("subscription.activated", "e2", "2026-01-01T10:05:00Z", "subscription/s-" + c,
                "{\"subscription_id\":\"s-%s\",\"customer_id\":\"%s\",\"plan_id\":\"mobile-m\",\"price\":19.99,\"currency\":\"EUR\"}".formatted(c, c)));
        events.add(event("order.placed", "e3", "2026-01-01T10:01:00Z", "order/o-" + c,
                "{\"order_id\":\"o-%s\",\"customer_id\":\"%s\",\"currency\":\"EUR\",\"items\":[{\"product_id\":\"sim\",\"quantity\":2,\"price\":5.00}]}".formatted(c, c)));
        events.add(event("invoice.generated", "e4", "2026-02-01T00:00:00Z", "invoice/i1-" + c,
                "{\"invoice_id\":\"i1-%s\",\"customer_id\":\"%s\",\"amount\":100.00,\"currency\":\"EUR\",\"due_date\":\"2026-02-15\"}".formatted(c, c)));
        // Paid before it was generated, as far as arrival goes: the late generated event must still count.
        events.add(event("invoice.paid", "e6", "2026-03-05T00:00:00Z", "invoice/i2-" + c,
                "{\"invoice_id\":\"i2-%s\",\"customer_id\":\"%s\",\"amount\":50.00,\"currency\":\"EUR\"}".formatted(c, c)));
        events.add(event("invoice.generated", "e5", "2026-03-01T00:00:00Z", "invoice/i2-" + c,
                "{\"invoice_id\":\"i2-%s\",\"customer_id\":\"%s\",\"amount\":50.00,\"currency\":\"EUR\",\"due_date\":\"2026-03-15\"}".formatted(c, c)));
        events.add(event("invoice.overdue", "e7", "2026-02-20T00:00:00Z", "invoice/i1-" + c,
                "{\"invoice_id\":\"i1-%s\",\"customer_id\":\"%s\",\"days_overdue\":5}".formatted(c, c)));
        return events;
    }

    @Test
    void aCustomerReadsAsItsEventsSayWhateverTheirArrivalOrder() {
        String token = post(client, history());
        ApiClient.Response answer = client.get("/api/v1/customers/" + customer + "?token=" + token);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode view = answer.json();
        assertThat(view.get("status").asString()).isEqualTo("active");
        assertThat(view.get("profile").get("email").asString()).isEqualTo("ada@example.com");
        assertThat(view.get("subscriptions").get(0).get("status").asString()).isEqualTo("active");
        assertThat(view.get("subscriptions").get(0).get("planId").asString()).isEqualTo("mobile-m");
        assertThat(view.get("openInvoices")).hasSize(1);
        assertThat(view.get("openInvoices").get(0).get("id").asString()).isEqualTo("i1-" + customer);
        assertThat(view.get("openInvoices").get(0).get("status").asString()).isEqualTo("overdue");
        JsonNode eur = view.get("balances").get(0);
        assertThat(eur.get("currency").asString()).isEqualTo("EUR");
        assertThat(eur.get("invoiced").decimalValue()).isEqualByComparingTo("150.00");
        assertThat(eur.get("paid").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(eur.get("outstanding").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(eur.get("overdue").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(view.get("freshness").get("position").asString()).isNotEmpty();

        assertThat(client.get("/api/v1/customers/" + customer + "/balance").json().get("balances").get(0)
                .get("outstanding").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(client.get("/api/v1/orders/o-" + customer).json().get("total").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(client.get("/api/v1/invoices/i2-" + customer).json().get("status").asString()).isEqualTo("paid");
        assertThat(client.get("/api/v1/subscriptions/s-" + customer).json().get("price").decimalValue())
                .isEqualByComparingTo("19.99");
        JsonNode overdue = client.get("/api/v1/invoices?customer=" + customer + "&status=overdue").json();
        assertThat(overdue.get("invoices")).hasSize(1);
        assertThat(client.get("/api/v1/invoices?customer=" + customer + "&dueBefore=2026-03-01").json().get("invoices"))
                .hasSize(1);
    }

    @Test
    void invoicesPageByKeyset() {
        String token = post(client, history());
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = client.get("/api/v1/invoices?customer=" + customer + "&limit=1"
                    + (after == null ? "&token=" + token : "&after=" + after)).json();
            page.get("invoices").forEach(invoice -> seen.add(invoice.get("id").asString()));
            after = page.get("more").asBoolean() ? page.get("next").asString() : null;
        } while (after != null);
        assertThat(seen).containsExactly("i1-" + customer, "i2-" + customer);
    }

    @Test
    void theSameEventSentTwiceCountsOnce() {
        List<String> events = history();
        post(client, events);
        String token = post(client, events.subList(3, 6));
        JsonNode balance = client.get("/api/v1/customers/" + customer + "/balance?token=" + token).json();
        assertThat(balance.get("balances").get(0).get("invoiced").decimalValue()).isEqualByComparingTo("150.00");
    }

    @Test
    void historyPagesThroughTheEventsThatMadeTheCustomerInTheirTimeOrder() {
        String token = post(client, history());
        client.get("/api/v1/customers/" + customer + "?token=" + token);
        List<String> ids = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ids.clear();
            String after = null;
            do {
                JsonNode page = client.get("/api/v1/customers/" + customer + "/history?limit=3"
                        + (after == null ? "" : "&after=" + after)).json();
                page.get("events").forEach(event -> ids.add(event.get("id").asString()));
                after = page.get("more").asBoolean() ? page.get("next").asString() : null;
            } while (after != null);
            assertThat(ids).containsExactly("e1", "e3", "e2", "e4", "e7", "e5", "e6");
        });
    }

    @Test
    void asOfAnInstantAnswersWhatWasTrueThen() {
        String token = post(client, history());
        client.get("/api/v1/customers/" + customer + "?token=" + token);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // Time travel reads the store's events: once they are all stored, as of now is the live answer.
            ObjectNode live = (ObjectNode) client.get("/api/v1/customers/" + customer).json();
            ObjectNode now = (ObjectNode) client.get("/api/v1/customers/" + customer + "?asOf=2100-01-01T00:00:00Z").json();
            live.remove("freshness");
            now.remove("freshness");
            now.remove("asOf");
            assertThat(now).isEqualTo(live);
        });
        ApiClient.Response before = client.get("/api/v1/customers/" + customer + "?asOf=2025-12-31T23:59:59Z");
        assertThat(before.status()).as(before.toString()).isEqualTo(404);
        assertThat(before.contentType()).startsWith("application/problem+json");

        JsonNode february = client.get("/api/v1/customers/" + customer + "?asOf=2026-02-10T00:00:00Z").json();
        assertThat(february.get("asOf").asString()).isEqualTo("2026-02-10T00:00:00Z");
        assertThat(february.get("openInvoices")).hasSize(1);
        assertThat(february.get("openInvoices").get(0).get("status").asString()).isEqualTo("generated");
        assertThat(february.get("balances").get(0).get("invoiced").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(client.get("/api/v1/invoices/i1-" + customer + "?asOf=2026-02-10T00:00:00Z").json()
                .get("status").asString()).isEqualTo("generated");
        assertThat(client.get("/api/v1/invoices/i2-" + customer + "?asOf=2026-02-10T00:00:00Z").status()).isEqualTo(404);
        assertThat(client.get("/api/v1/customers/" + customer + "/history?asOf=2026-01-01T10:03:00Z").json()
                .get("events")).hasSize(2);
    }

    @Test
    void anotherTenantsCustomerIsNotFound() {
        String token = post(client, history());
        assertThat(client.get("/api/v1/customers/" + customer + "?token=" + token).status()).isEqualTo(200);
        ApiClient other = newTenantClient("reads-other");
        for (String path : List.of("/api/v1/customers/" + customer, "/api/v1/customers/" + customer + "/balance",
                "/api/v1/customers/" + customer + "/history", "/api/v1/orders/o-" + customer,
                "/api/v1/invoices/i1-" + customer, "/api/v1/subscriptions/s-" + customer)) {
            ApiClient.Response answer = other.get(path);
            assertThat(answer.status()).as(path + ": " + answer).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(other.get("/api/v1/invoices?customer=" + customer).json().get("invoices")).isEmpty();
    }

    @Test
    void badInputIsAProblem() {
        for (String path : List.of("/api/v1/customers/x?asOf=yesterday", "/api/v1/customers/x?token=nonsense",
                "/api/v1/invoices?status=lost", "/api/v1/invoices?dueBefore=soon", "/api/v1/invoices?limit=0",
                "/api/v1/invoices?asOf=2026-01-01T00:00:00Z", "/api/v1/customers/x/history?after=garbage")) {
            ApiClient.Response answer = client.get(path);
            assertThat(answer.status()).as(path + ": " + answer).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("detail").asString()).isNotBlank();
        }
    }

    @Test
    void aTokenTheProjectionHasNotReachedIsAConflictToRetry() {
        ApiClient.Response answer = client.get("/api/v1/customers/" + customer + "?token=0-999999999");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(409);
        assertThat(answer.retryAfter()).isEqualTo("1");
        assertThat(answer.json().get("type").asString()).endsWith("not-yet-projected");
    }
}
