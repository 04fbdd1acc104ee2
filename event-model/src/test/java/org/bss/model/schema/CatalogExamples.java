package org.bss.model.schema;

import java.util.Map;

/** A realistic valid data example per catalog type, as producers send them. */
final class CatalogExamples {

    static final String PAYMENT_CREATED = """
            {"event_id":"evt-12345","amount":100.50,"currency":"USD","customer_id":"cust-001"}""";

    static final String CUSTOMER_CREATED = """
            {"customer_id":"0b7d4a4e-2f7c-4a8e-9b1d-6c5e4f3a2b10","email":"jan.kowalski@example.com","first_name":"Jan","last_name":"Kowalski","phone":"+48 600 100 200","address":{"street":"ul. Prosta 1","city":"Warszawa","country":"Poland"}}""";

    static final String ORDER_PLACED = """
            {"order_id":"1c2b3a49-5867-4a3b-9c2d-1e0f9a8b7c6d","customer_id":"0b7d4a4e-2f7c-4a8e-9b1d-6c5e4f3a2b10","amount":249.99,"currency":"USD","items":[{"product_id":"p-100","quantity":2,"price":99.99},{"product_id":"p-200","quantity":1,"price":50.01}],"payment_method":"card"}""";

    /** Type → valid data. */
    static final Map<String, String> VALID = Map.ofEntries(
            Map.entry("customer.created", CUSTOMER_CREATED),
            Map.entry("customer.updated", """
                    {"customer_id":"0b7d4a4e-2f7c-4a8e-9b1d-6c5e4f3a2b10","email":"jan.k@example.pl",
                     "address":{"street":"ul. Długa 5/7","city":"Kraków","postal_code":"31-147","country":"PL"},
                     "changed_fields":["email","address"],"updated_at":"2025-11-07T10:31:00Z"}"""),
            Map.entry("customer.terminated", """
                    {"customer_id":"cust-001","reason":"moved abroad","reason_code":"customer_request",
                     "termination_date":"2025-11-30","final_balance":0,"currency":"PLN"}"""),
            Map.entry("subscription.activated", """
                    {"subscription_id":"sub-7781","customer_id":"cust-001","plan_id":"plan-5g-unlimited",
                     "plan_name":"5G Unlimited","payment_type":"postpaid","billing_period":"monthly","price":79.99,
                     "currency":"PLN","start_date":"2025-11-07","commitment_months":24,"msisdn":"+48600100200"}"""),
            Map.entry("subscription.suspended", """
                    {"subscription_id":"sub-7781","customer_id":"cust-001","reason":"invoice INV-2025-11-0042 unpaid",
                     "reason_code":"non_payment","invoice_id":"inv-42","suspended_at":"2025-12-20T00:00:00Z"}"""),
            Map.entry("subscription.cancelled", """
                    {"subscription_id":"sub-7781","customer_id":"cust-001","reason":"switched operator",
                     "cancelled_by":"customer","effective_date":"2026-01-31","early_termination_fee":0,"currency":"PLN"}"""),
            Map.entry("order.placed", ORDER_PLACED),
            Map.entry("order.cancelled", """
                    {"order_id":"ord-9001","customer_id":"cust-001","reason":"customer_request"}"""),
            Map.entry("order.completed", """
                    {"order_id":"ord-9001","customer_id":"cust-001","amount":249.99,"currency":"USD",
                     "subscription_ids":["sub-7781"],"completed_at":"2025-11-08T09:00:00+01:00","status":"completed"}"""),
            Map.entry("invoice.generated", """
                    {"invoice_id":"inv-42","invoice_number":"FV/2025/11/000042","customer_id":"cust-001",
                     "amount":123.00,"currency":"PLN","subtotal":100.00,"tax_total":23.00,"issue_date":"2025-11-01",
                     "due_date":"2025-11-15","billing_period":{"start":"2025-10-01","end":"2025-10-31"},
                     "lines":[{"description":"5G Unlimited, October","type":"recurring","subscription_id":"sub-7781",
                               "quantity":1,"unit_price":79.99,"amount":79.99,"tax_rate":0.23},
                              {"description":"Roaming data","type":"usage","quantity":1.5,"unit":"GB","amount":20.01}]}"""),
            Map.entry("invoice.paid", """
                    {"invoice_id":"inv-42","customer_id":"cust-001","payment_id":"pay-77","amount":123.00,
                     "currency":"PLN","paid_at":"2025-11-10T12:00:00Z"}"""),
            Map.entry("invoice.overdue", """
                    {"invoice_id":"inv-42","customer_id":"cust-001","due_date":"2025-11-15","days_overdue":5,
                     "outstanding_amount":123.00,"currency":"PLN","dunning_level":1}"""),
            Map.entry("payment.created", PAYMENT_CREATED),
            Map.entry("payment.processed", """
                    {"payment_id":"pay-77","invoice_id":"inv-42","customer_id":"cust-001","amount":123.00,
                     "currency":"PLN","status":"succeeded","payment_method":"card","provider":"payu",
                     "processed_at":"2025-11-10T12:00:01Z"}"""),
            Map.entry("usage.recorded", """
                    {"usage_id":"u-1","subscription_id":"sub-7781","customer_id":"cust-001","metric":"data",
                     "quantity":512.5,"unit":"MB","period":{"start":"2025-11-07T10:00:00Z","end":"2025-11-07T11:00:00Z"},
                     "roaming":false}"""));

    /** What the load generator sends: each must be valid too. */
    static final Map<String, String> LOAD_GENERATOR = Map.of(
            "customer.updated", """
                    {"customer_id":"c-1","phone":"+44 20 7946 0958"}""",
            "order.cancelled", """
                    {"order_id":"o-1","customer_id":"c-1","reason":"out of stock"}""",
            "payment.processed", """
                    {"payment_id":"p-1","order_id":"o-1","customer_id":"c-1","amount":10,"currency":"EUR","status":"failed"}""",
            "invoice.generated", """
                    {"invoice_id":"i-1","customer_id":"c-1","amount":59.0,"currency":"GBP","due_date":"2025-12-01",
                     "lines":[{"description":"Plan","amount":59.0}]}""",
            "subscription.activated", """
                    {"subscription_id":"s-1","customer_id":"c-1","plan_id":"basic","start_date":"2025-11-07T10:30:00Z"}""");

    private CatalogExamples() {
    }
}
