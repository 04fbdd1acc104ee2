package org.bss.loadgen.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.run.SendListener;
import org.bss.loadgen.traffic.GeneratedEvent;

/**
 * The events of a run that its stream subscribers should get: of each tenant, those matching the subscribers' filter,
 * numbered in the order they were sent, with the instant their request left and how the platform answered it.
 * Only matching events are kept: a subscriber that gets anything else got something unexpected whatever it is.
 *
 * <p>Events are found by id alone: the load generator's ids are UUIDs with 62 random bits, and the source is checked
 * on each look-up.
 */
public final class Ledger implements SendListener {

    /** An event a subscriber may get: its tenant's book, its number there, when its request left, its source. */
    record Sent(Book book, int index, long sentNanos, String source) {
    }

    /** One tenant's matching events, numbered from 0 in the order they were sent. */
    static final class Book {

        final TenantKey tenant;
        // Guarded by this: written on the threads that send and read answers.
        private final List<String> ids = new ArrayList<>();
        private final IndexSet accepted = new IndexSet();
        private final IndexSet refused = new IndexSet();

        Book(TenantKey tenant) {
            this.tenant = tenant;
        }

        synchronized int register(String id) {
            ids.add(id);
            return ids.size() - 1;
        }

        synchronized void accepted(int index) {
            accepted.add(index);
        }

        synchronized void refused(int index) {
            refused.add(index);
        }

        /** Events answered 202 (or accepted in a 207): every subscriber of the tenant must get them. Read after the run. */
        synchronized IndexSet accepted() {
            return accepted;
        }

        /** Events the platform refused (4xx, or refused in a 207): no subscriber may get them. Read after the run. */
        synchronized IndexSet refused() {
            return refused;
        }

        synchronized long sent() {
            return ids.size();
        }

        synchronized String id(int index) {
            return ids.get(index);
        }
    }

    private final StreamFilter filter;
    private final Map<String, Book> books;
    private final ConcurrentHashMap<String, Sent> byId = new ConcurrentHashMap<>();
    private volatile boolean measuring;
    private volatile long measuredFromNanos;

    public Ledger(List<TenantKey> tenants, StreamFilter filter) {
        this.filter = filter;
        Map<String, Book> books = new LinkedHashMap<>();
        tenants.forEach(t -> books.put(t.tenantId(), new Book(t)));
        this.books = Collections.unmodifiableMap(books);
    }

    public StreamFilter filter() {
        return filter;
    }

    /** Deliveries of events sent from this instant on count in the latency (the warm-up's do not). */
    public void measureFrom(long nanos) {
        measuredFromNanos = nanos;
        measuring = true;
    }

    @Override
    public void sending(TenantKey tenant, List<GeneratedEvent> events, long nanos) {
        Book book = book(tenant);
        for (GeneratedEvent event : events) {
            if (filter.matches(event)) {
                byId.put(event.id(), new Sent(book, book.register(event.id()), nanos, event.source()));
            }
        }
    }

    /**
     * Accepted events are expected; refused ones are not; of those answered 5xx or not at all, the platform may have
     * accepted some or none, so they are neither.
     */
    @Override
    public void answered(TenantKey tenant, List<GeneratedEvent> events, int status, List<GeneratedEvent> accepted) {
        Set<GeneratedEvent> acceptedSome = accepted.isEmpty() || accepted.size() == events.size() ? null
                : Collections.newSetFromMap(new IdentityHashMap<>());
        if (acceptedSome != null) {
            acceptedSome.addAll(accepted);
        }
        boolean uncertain = status == 0 || status >= 500;
        for (GeneratedEvent event : events) {
            Sent sent = byId.get(event.id());
            if (sent == null) {
                continue;
            }
            boolean wasAccepted = acceptedSome == null ? !accepted.isEmpty() : acceptedSome.contains(event);
            if (wasAccepted) {
                sent.book().accepted(sent.index());
            } else if (!uncertain) {
                sent.book().refused(sent.index());
            }
        }
    }

    Book book(TenantKey tenant) {
        Book book = books.get(tenant.tenantId());
        if (book == null) {
            throw new IllegalArgumentException("tenant " + tenant.tenantId() + " has no subscribers' ledger");
        }
        return book;
    }

    List<Book> books() {
        return List.copyOf(books.values());
    }

    /** A matching event sent by the run, or null. */
    Sent sent(String id) {
        return byId.get(id);
    }

    boolean measured(Sent sent) {
        return !measuring || sent.sentNanos() - measuredFromNanos >= 0;
    }
}
