package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.Test;

/** The events of the plan the platform was specified from behave as the ingestion issue states. */
class PlanExamplesTest extends ApiTest {


    private ApiClient asTenant(String tenant) {
        tenants.create(tenant, tenant);
        return client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ), null).secret());
    }

    @Test
    void thePaymentOfTenant001IsAccepted() {
        ApiClient.Response response = asTenant("tenant-001").postEvent("""
                {"specversion":"1.0","type":"payment.created","id":"evt-12345","source":"/tenants/tenant-001",
                 "time":"2025-11-07T10:30:00Z","tenantid":"tenant-001",
                 "data":{"event_id":"evt-12345","amount":100.50,"currency":"USD","customer_id":"cust-001"}}""");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().get("validated").asBoolean()).isTrue();
    }

    @Test
    void theSimulatorsCustomerAndOrderAreAccepted() {
        ApiClient api = asTenant("simulator-tenant");
        ApiClient.Response customer = api.postEvent("""
                {"specversion":"1.0","type":"customer.created","source":"urn:event-source:simulator:v1",
                 "id":"5f0c8a4e-8a5b-4c52-9d0f-3c1d2b7a9e11","time":"2025-11-07T10:30:00.123456Z","datacontenttype":"application/json",
                 "data":{"customer_id":"0b7d4a4e-2f7c-4a8e-9b1d-6c5e4f3a2b10","email":"jan.kowalski@example.com","first_name":"Jan",
                  "last_name":"Kowalski","phone":"+48 600 100 200","address":{"street":"ul. Prosta 1","city":"Warszawa","country":"Poland"}}}""");
        ApiClient.Response order = api.postEvent("""
                {"specversion":"1.0","type":"order.placed","source":"urn:event-source:simulator:v1",
                 "id":"7a1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f","time":"2025-11-07T10:30:01Z","datacontenttype":"application/json",
                 "data":{"order_id":"1c2b3a49-5867-4a3b-9c2d-1e0f9a8b7c6d","customer_id":"0b7d4a4e-2f7c-4a8e-9b1d-6c5e4f3a2b10",
                  "amount":249.99,"currency":"USD","items":[{"product_id":"p-100","quantity":2,"price":99.99},
                  {"product_id":"p-200","quantity":1,"price":50.01}],"payment_method":"card"}}""");

        assertThat(customer.status()).as(customer.toString()).isEqualTo(202);
        assertThat(customer.json().get("validated").asBoolean()).isTrue();
        assertThat(order.status()).as(order.toString()).isEqualTo(202);
        assertThat(order.json().get("validated").asBoolean()).isTrue();
    }

    @Test
    void anObjectValuedExtensionIsRefusedWithAPointerToIt() {
        ApiClient.Response response = asTenant("tenant-abc").postEvent("""
                {"specversion":"1.0","type":"com.droid.bss.customer.created","source":"urn:event-source:bss:v1",
                 "id":"a8e8d4f0-3d2c-4a5b-9c8d-7e6f5a4b3c2d","time":"2025-11-07T12:00:00Z","datacontenttype":"application/json",
                 "subject":"customer/12345","comdroidbss":{"tenant_id":"tenant-abc","correlation_id":"corr-xyz-789"},
                 "data":{"customer_id":"12345","email":"customer@example.com","event_category":"customer_management"}}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").valueStream().map(e -> e.get("pointer").asString()))
                .containsExactly("/comdroidbss");
    }
}
