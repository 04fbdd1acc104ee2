package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bss.model.readmodel.Data.object;
import static org.bss.model.readmodel.Facts.fact;

import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerTest {

    private static final Fact CREATED = fact("customer.created", "2026-03-01T09:00:00Z", object(
            "customer_id", "cus-1", "customer_type", "individual", "first_name", "Anna", "last_name", "Nowak",
            "email", "anna@example.com", "phone", "+48 600 100 200", "status", "active",
            "created_at", "2026-03-01T09:00:00Z"));

    private static Customer fold(Fact... arrival) {
        return Facts.fold(Customer.initial("cus-1"), Customer::evolve, arrival);
    }

    @Test
    void aPartialUpdateChangesOnlyTheFieldsItCarries() {
        Fact update = fact("customer.updated", "2026-03-02T09:00:00Z", object("customer_id", "cus-1",
                "changed_fields", List.of("email"), "email", "anna.nowak@example.com"));

        Customer customer = fold(CREATED, update);

        assertThat(customer.profileValues()).containsOnlyKeys("customer_type", "first_name", "last_name", "email",
                "phone");
        assertThat(customer.profileValues().get("email").asString()).isEqualTo("anna.nowak@example.com");
        assertThat(customer.profileValues().get("phone").asString()).isEqualTo("+48 600 100 200");
        assertThat(Ranked.valueOf(customer.status())).isEqualTo("active");
        assertThat(customer.created()).isEqualTo(CREATED.stamp());
        assertThat(customer.last()).isEqualTo(update.stamp());
        assertThat(customer.events()).isEqualTo(2);
    }

    @Test
    void aCustomerCreatedWithoutStatusIsActive() {
        Customer customer = fold(fact("customer.created", "2026-03-01T09:00:00Z", object("customer_id", "cus-1")));

        assertThat(Ranked.valueOf(customer.status())).isEqualTo("active");
    }

    @Test
    void statusIsTheLatestOneAnUpdateNamed() {
        Fact prospect = fact("customer.created", "2026-03-01T09:00:00Z", object("customer_id", "cus-1",
                "status", "prospect"));
        Fact suspended = fact("customer.updated", "2026-03-03T09:00:00Z", object("customer_id", "cus-1",
                "status", "suspended"));
        Fact phoneOnly = fact("customer.updated", "2026-03-04T09:00:00Z", object("customer_id", "cus-1",
                "phone", "+48 600 100 201"));

        assertThat(Ranked.valueOf(fold(prospect, suspended, phoneOnly).status())).isEqualTo("suspended");
        assertThat(Ranked.valueOf(fold(phoneOnly, suspended, prospect).status())).isEqualTo("suspended");
    }

    @Test
    void anEarlierUpdateArrivingLateDoesNotUndoALaterOne() {
        Fact earlier = fact("customer.updated", "2026-03-02T09:00:00Z", object("customer_id", "cus-1",
                "email", "old@example.com"));
        Fact later = fact("customer.updated", "2026-03-02T10:00:00Z", object("customer_id", "cus-1",
                "email", "new@example.com"));

        assertThat(fold(CREATED, later, earlier).profileValues().get("email").asString())
                .isEqualTo("new@example.com");
    }

    @Test
    void anUpdateStampedAfterTerminationLeavesTheCustomerTerminated() {
        Fact terminated = fact("customer.terminated", "2026-03-05T12:00:00Z", object("customer_id", "cus-1",
                "reason", "moved abroad", "reason_code", "customer_request"));
        Fact reactivating = fact("customer.updated", "2026-03-06T12:00:00Z", object("customer_id", "cus-1",
                "status", "active", "email", "anna@example.org"));

        for (Customer customer : List.of(fold(CREATED, terminated, reactivating),
                fold(reactivating, CREATED, terminated))) {
            assertThat(Ranked.valueOf(customer.status())).isEqualTo("terminated");
            assertThat(customer.terminated()).isEqualTo(terminated.stamp());
            assertThat(Lww.valueOf(customer.terminationReason())).isEqualTo("customer_request");
            assertThat(customer.profileValues().get("email").asString()).isEqualTo("anna@example.org");
        }
    }
}
