package org.bss.platform.analytics.internal;

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
    static Profile evolve(Profile state, String type, long time, EventFields data) {
        Profile p = state == null ? UNKNOWN : state;
        String segment = p.segment;
        long segmentAt = p.segmentAt;
        String country = p.country;
        long countryAt = p.countryAt;
        String status = p.status;
        long statusAt = p.statusAt;
        if (data.segment() != null && time >= segmentAt) {
            segment = data.segment();
            segmentAt = time;
        }
        if (data.country() != null && time >= countryAt) {
            country = data.country();
            countryAt = time;
        }
        String newStatus = switch (type) {
            case "customer.terminated" -> "terminated";
            case "customer.created" -> data.status() != null ? data.status() : "active";
            default -> data.status();
        };
        if (newStatus != null && !"terminated".equals(status) && (time >= statusAt || newStatus.equals("terminated"))) {
            status = newStatus;
            statusAt = time;
        }
        return new Profile(segment, segmentAt, country, countryAt, status, statusAt);
    }
}
