package org.bss.platform.analytics.internal;

import tools.jackson.databind.JsonNode;

/**
 * What analytics knows of a customer to cut metrics by: segment, country (of its address) and status, each the
 * value of the latest event (by the event's time) that set it. Status {@code terminated} is never overwritten.
 */
record Profile(String segment, long segmentAt, String country, long countryAt, String status, long statusAt) {

    static final Profile UNKNOWN = new Profile(null, Long.MIN_VALUE, null, Long.MIN_VALUE, null, Long.MIN_VALUE);

    static boolean describes(String type) {
        return type.startsWith("customer.");
    }

    /** The profile after a customer event of {@code type} at {@code time} carrying {@code data}. */
    static Profile evolve(Profile state, String type, long time, JsonNode data) {
        Profile p = state == null ? UNKNOWN : state;
        String segment = p.segment;
        long segmentAt = p.segmentAt;
        String country = p.country;
        long countryAt = p.countryAt;
        String status = p.status;
        long statusAt = p.statusAt;
        String newSegment = text(data, "segment");
        if (newSegment != null && time >= segmentAt) {
            segment = newSegment;
            segmentAt = time;
        }
        JsonNode address = data == null ? null : data.get("address");
        String newCountry = address == null ? null : text(address, "country");
        if (newCountry != null && time >= countryAt) {
            country = newCountry;
            countryAt = time;
        }
        String newStatus = switch (type) {
            case "customer.terminated" -> "terminated";
            case "customer.created" -> orElse(text(data, "status"), "active");
            default -> text(data, "status");
        };
        if (newStatus != null && !"terminated".equals(status) && (time >= statusAt || newStatus.equals("terminated"))) {
            status = newStatus;
            statusAt = time;
        }
        return new Profile(segment, segmentAt, country, countryAt, status, statusAt);
    }

    static String text(JsonNode data, String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value == null || !value.isString() || value.asString().isEmpty() ? null : value.asString();
    }

    private static String orElse(String value, String otherwise) {
        return value != null ? value : otherwise;
    }
}
