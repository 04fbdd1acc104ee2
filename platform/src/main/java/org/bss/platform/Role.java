package org.bss.platform;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The parts of the platform that {@code bss.roles} can switch on in one process. */
public enum Role {
    /** POST /api/v1/events: accept events and produce them to Kafka. */
    INGEST,
    /**
     * GET /api/v1/events (page through the caller's stored events) and the read models' API (customers,
     * subscriptions, orders, invoices, payments; current and as of an instant).
     */
    QUERY,
    /** Consume bss.events into PostgreSQL. */
    STORE,
    /** Fold bss.events into the read models. */
    PROJECTION,
    /**
     * Replay jobs (stored events to a topic, a webhook or a rebuild of the read models) and the dead letters'
     * index and redrive.
     */
    REPLAY,
    /**
     * The analytics application (Kafka Streams): windows of the business's metrics, enrichment, anomaly and hot-spot
     * alerts, load forecasts; and the writers of its figures and alerts into PostgreSQL.
     */
    ANALYTICS,
    /** The live stream: Server-Sent Events and WebSocket subscribers of each tenant's accepted events. */
    STREAM;

    /** Parses a comma-separated list such as {@code ingest,store}; {@code all} (or nothing) means every role. */
    public static Set<Role> parse(String roles) {
        if (roles == null || roles.isBlank() || roles.strip().equalsIgnoreCase("all")) {
            return EnumSet.allOf(Role.class);
        }
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String name : roles.split(",")) {
            String trimmed = name.strip().toUpperCase(Locale.ROOT);
            if (trimmed.equals("ALL")) {
                return EnumSet.allOf(Role.class);
            }
            try {
                parsed.add(Role.valueOf(trimmed));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bss.roles: unknown role '" + name.strip() + "', known: all, "
                        + Arrays.toString(values()).toLowerCase(Locale.ROOT));
            }
        }
        return parsed;
    }
}
