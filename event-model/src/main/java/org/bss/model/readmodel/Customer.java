package org.bss.model.readmodel;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A customer: profile fields (each its own last-writer-wins register, since {@code customer.updated} may carry
 * only what changed), status and the moments it was created and terminated. Termination outranks every other
 * status: a {@code customer.updated} stamped after it does not bring the customer back.
 *
 * @param profile  profile field name to its register
 * @param created  the earliest {@code customer.created} seen
 * @param last     the latest event folded in
 * @param events   how many events were folded in
 */
public record Customer(String id, Map<String, Lww<JsonNode>> profile, Ranked status, Stamp created,
                       Stamp terminated, Lww<String> terminationReason, Stamp last, long events) {

    /** Fields of created/updated that are the customer's identity or bookkeeping, not its profile. */
    private static final Set<String> NOT_PROFILE = Set.of("customer_id", "changed_fields", "created_at",
            "updated_at", "status");

    public static Customer initial(String id) {
        return new Customer(id, Map.of(), null, null, null, null, null, 0);
    }

    public static Customer evolve(Customer state, Fact fact) {
        Stamp stamp = fact.stamp();
        Customer next = switch (fact.type()) {
            case "customer.created" -> state.withProfile(fact)
                    .withStatus(Ranked.write(state.status, orElse(fact.text("status"), "active"), 0, stamp))
                    .withCreated(Stamp.earlier(state.created, stamp));
            case "customer.updated" -> state.withProfile(fact)
                    .withStatus(Ranked.write(state.status, fact.text("status"), 0, stamp));
            case "customer.terminated" -> new Customer(state.id, state.profile,
                    Ranked.write(state.status, "terminated", 1, stamp), state.created,
                    Stamp.earlier(state.terminated, stamp),
                    Lww.write(state.terminationReason, orElse(fact.text("reason_code"), fact.text("reason")), stamp),
                    state.last, state.events);
            default -> state;
        };
        return next.counted(stamp);
    }

    /** The profile as plain values. */
    public Map<String, JsonNode> profileValues() {
        Map<String, JsonNode> values = new TreeMap<>();
        profile.forEach((field, register) -> values.put(field, register.value()));
        return values;
    }

    private Customer withProfile(Fact fact) {
        if (fact.data() == null || !fact.data().isObject()) {
            return this;
        }
        Map<String, Lww<JsonNode>> next = new TreeMap<>(profile);
        for (Map.Entry<String, JsonNode> field : fact.data().properties()) {
            if (!NOT_PROFILE.contains(field.getKey())) {
                next.put(field.getKey(), Lww.write(next.get(field.getKey()), field.getValue(), fact.stamp()));
            }
        }
        return new Customer(id, next, status, created, terminated, terminationReason, last, events);
    }

    private Customer withStatus(Ranked next) {
        return new Customer(id, profile, next, created, terminated, terminationReason, last, events);
    }

    private Customer withCreated(Stamp next) {
        return new Customer(id, profile, status, next, terminated, terminationReason, last, events);
    }

    private Customer counted(Stamp stamp) {
        return new Customer(id, profile, status, created, terminated, terminationReason, Stamp.later(last, stamp),
                events + 1);
    }

    static String orElse(String value, String otherwise) {
        return value != null ? value : otherwise;
    }
}
