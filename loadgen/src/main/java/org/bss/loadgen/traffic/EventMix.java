package org.bss.loadgen.traffic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bss.model.schema.EventCatalog;

/**
 * Event types and their integer weights; picks a type for a uniform u in [0,1). The weights keep their order.
 * A type may have weight 0 (never picked); together they must be positive. Every type of the built-in event
 * catalog can be generated. A mix may name a type without what its stories need (say order.cancelled without
 * order.placed): the stream then emits those prerequisite events too, and the shares drift from the weights.
 */
public record EventMix(Map<String, Integer> weights) {

    /** Large enough for any sensible ratio, small enough that the total never overflows. */
    static final int MAX_WEIGHT = 1_000_000;

    public EventMix {
        Objects.requireNonNull(weights, "weights");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("an event mix needs at least one type");
        }
        long total = 0;
        for (Map.Entry<String, Integer> entry : weights.entrySet()) {
            requireGeneratable(entry.getKey());
            Integer weight = entry.getValue();
            if (weight == null) {
                throw new IllegalArgumentException("the weight of " + entry.getKey() + " is missing");
            }
            requireWeightInRange(entry.getKey(), weight);
            total += weight;
        }
        if (total == 0) {
            throw new IllegalArgumentException("the weights add up to 0; give at least one type a positive weight");
        }
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /** The plan's traffic: customers, orders, payments and invoices, some subscriptions. */
    public static EventMix plan() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("customer.created", 10);
        weights.put("customer.updated", 20);
        weights.put("order.placed", 30);
        weights.put("order.cancelled", 5);
        weights.put("payment.processed", 20);
        weights.put("invoice.generated", 10);
        weights.put("subscription.activated", 5);
        return new EventMix(weights);
    }

    /**
     * A mix written as {@code type=weight} pairs separated by commas, e.g.
     * {@code order.placed=30,customer.created=10}; spaces around names and weights are ignored.
     *
     * @throws IllegalArgumentException naming the entry that is wrong and why
     */
    public static EventMix parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(
                    "the event mix is empty; write type=weight pairs, e.g. order.placed=30,customer.created=10");
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        String[] entries = spec.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("entry " + (i + 1) + " of the event mix \"" + spec + "\" is empty");
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("entry \"" + entry + "\" has no weight; write type=weight, e.g. "
                        + "order.placed=30");
            }
            String type = entry.substring(0, equals).strip();
            String weightText = entry.substring(equals + 1).strip();
            if (type.isEmpty()) {
                throw new IllegalArgumentException("entry \"" + entry + "\" has no event type before '='");
            }
            requireGeneratable(type);
            if (weights.containsKey(type)) {
                throw new IllegalArgumentException(type + " appears more than once in the event mix");
            }
            int weight;
            try {
                weight = Integer.parseInt(weightText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight \"" + weightText + "\" of " + type
                        + " is not a whole number from 0 to " + MAX_WEIGHT);
            }
            requireWeightInRange(type, weight);
            weights.put(type, weight);
        }
        return new EventMix(weights);
    }

    /** The type that {@code u}, uniform in [0,1), falls on: each type takes a run of [0,1) as long as its share. */
    public String pick(double u) {
        if (!(u >= 0 && u < 1)) {
            throw new IllegalArgumentException("u must be in [0,1): " + u);
        }
        double target = u * total();
        long cumulative = 0;
        String last = null;
        for (Map.Entry<String, Integer> entry : weights.entrySet()) {
            if (entry.getValue() == 0) {
                continue;
            }
            cumulative += entry.getValue();
            last = entry.getKey();
            if (target < cumulative) {
                return last;
            }
        }
        return last; // u * total rounded up to total
    }

    /** The type's weight over the total; 0 for a type not in the mix. */
    public double share(String type) {
        Integer weight = weights.get(type);
        return weight == null ? 0 : (double) weight / total();
    }

    long total() {
        long total = 0;
        for (int weight : weights.values()) {
            total += weight;
        }
        return total;
    }

    private static void requireGeneratable(String type) {
        if (EventType.of(type) != null) {
            return;
        }
        List<String> catalog = new ArrayList<>(EventCatalog.builtIn().types());
        if (catalog.contains(type)) {
            throw new IllegalArgumentException("the load generator cannot generate " + type + " yet");
        }
        throw new IllegalArgumentException("unknown event type \"" + type + "\"; the catalog's types are "
                + String.join(", ", catalog));
    }

    private static void requireWeightInRange(String type, int weight) {
        if (weight < 0) {
            throw new IllegalArgumentException("the weight " + weight + " of " + type + " is negative; use 0 to "
                    + MAX_WEIGHT);
        }
        if (weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("the weight " + weight + " of " + type + " is larger than " + MAX_WEIGHT);
        }
    }
}
