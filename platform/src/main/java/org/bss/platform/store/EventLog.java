package org.bss.platform.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.bus.BusEvent;

/**
 * The stored events, read back within one tenant in the order they were stored, a page at a time (keyset: each
 * page starts after a {@link Position}). Only rows of transactions older than every transaction still running
 * are read, so a page never has a gap that a slower writer fills in later: reading on from {@link Page#last()}
 * sees every event exactly once.
 */
public interface EventLog {

    /**
     * At most {@code limit} events matching the selection, stored after {@code after} (from the first when null).
     */
    Page read(Selection selection, Position after, int limit);

    /**
     * The tenant's events with these platform ids, in the order asked; an id not stored (not yet, or no longer) is
     * left out. Each reference carries the instant its event was received, which names the day it is stored under.
     */
    List<CloudEvent> byIds(String tenantId, List<Ref> refs);

    /**
     * A replay's read: at most {@code limit} of the tenant's events matching the scan, stored after {@code after}
     * (from the first when null), as they travel on the bus (tenant, platform id, accept instant).
     */
    Stored scan(Scan scan, Position after, int limit);

    /**
     * As {@link #scan}, but every committed event, also those of transactions newer than one still running: a reader
     * that goes on from its last position may then miss what such a running transaction commits later. For a
     * reader that knows the running transactions hold nothing it needs.
     */
    Stored scanCommitted(Scan scan, Position after, int limit);

    /**
     * At most {@code limit} of the tenant's stored events from one partition of {@code bss.events}, with offsets in
     * [fromOffset, toOffset) and accepted at or after {@code receivedFrom} (null: any), in offset order. Every
     * committed event: a reader asks only for offsets the store has passed (see {@link StoreProgress}).
     */
    List<Located> onPartition(String tenantId, int partition, long fromOffset, long toOffset, Instant receivedFrom,
                              int limit);

    /** How many of the tenant's events match the scan now (for a replay's progress). */
    long count(Scan scan);

    /**
     * The id the next transaction will get: a reader that goes on from its position until that position's
     * transaction reaches it has read everything stored before this call.
     */
    long horizon();

    /** The tenants that have stored events, in order. */
    List<String> tenants();

    /**
     * What a replay selects among one tenant's events: any of {@code types}, {@code subjects} and {@code sources}
     * (empty: any), subjects starting with {@code subjectPrefix}, {@code time} in [from, to) and the accept
     * instant in [receivedFrom, receivedTo) (null: unbounded).
     */
    record Scan(String tenantId, List<String> types, List<String> subjects, String subjectPrefix, List<String> sources,
                Instant from, Instant to, Instant receivedFrom, Instant receivedTo) {

        public Scan {
            types = List.copyOf(types);
            subjects = List.copyOf(subjects);
            sources = List.copyOf(sources);
        }

        public static Scan all(String tenantId) {
            return new Scan(tenantId, List.of(), List.of(), null, List.of(), null, null, null, null);
        }
    }

    /**
     * @param positions each event's position, in the same order
     * @param last      the position of the last event; {@code after} when there is none
     * @param more      whether more events are stored after these already
     */
    record Stored(List<BusEvent> events, List<Position> positions, Position last, boolean more) {
    }

    /** A stored event and where it was on {@code bss.events}. */
    record Located(BusEvent event, int partition, long offset) {
    }

    /** An event's platform id and the instant it was received. */
    record Ref(UUID eventId, Instant receivedAt) {
    }

    /**
     * Which events: the tenant's, and of these only those with the given attributes (null: any); {@code from}
     * (inclusive) and {@code to} (exclusive) bound the events' {@code time}.
     */
    record Selection(String tenantId, String type, String subject, String source, String id, Instant from, Instant to) {
    }

    /** Where an event is in the order of storing: the storing transaction's id, then the event's platform id. */
    record Position(long tx, UUID eventId) {
    }

    /**
     * @param last the position of the last event of the page; {@code after} when the page is empty
     * @param more whether more events are stored after this page already
     */
    record Page(List<CloudEvent> events, Position last, boolean more) {
    }
}
