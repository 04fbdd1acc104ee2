package org.bss.platform.stream.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bss.model.envelope.Rfc3339;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.store.EventLog;
import org.bss.platform.store.StoreProgress;
import org.bss.platform.stream.StreamProperties;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.InvalidRequestException;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Opens streams, for Server-Sent Events and WebSocket alike: reads the request (filter, subscription, where to
 * start), holds the tenant to its limit, joins the fan-out and, for a subscriber that missed events, waits until the
 * store has them.
 */
@Component
@ConditionalOnRole(Role.STREAM)
class Streams {

    /** Query parameters that are not filters. */
    static final Set<String> RESERVED = Set.of("from", "ticket", "subscription");
    private static final long JOIN_SECONDS = 10;

    private final FanOut fanOut;
    private final EventLog log;
    private final StoreProgress progress;
    private final StreamProperties settings;
    private final StreamMeters meters;
    private final SubscriptionStore subscriptions;
    private final TenantStreams open;

    Streams(FanOut fanOut, EventLog log, StoreProgress progress, StreamProperties settings, StreamMeters meters,
            SubscriptionStore subscriptions) {
        this.fanOut = fanOut;
        this.log = log;
        this.progress = progress;
        this.settings = settings;
        this.meters = meters;
        this.subscriptions = subscriptions;
        this.open = new TenantStreams(settings.maxPerTenant());
    }

    /** Where a stream starts: live (both null), after a position, or from an instant. */
    record Start(StreamPosition position, Instant instant) {
    }

    /**
     * @param parameters  the request's query parameters
     * @param lastEventId the {@code Last-Event-ID} header (a reconnecting EventSource sends it); before {@code from}
     */
    StreamSession open(TenantPrincipal caller, Map<String, List<String>> parameters, String lastEventId) {
        EventFilter filter = filter(caller.tenantId(), parameters);
        Start start = start(parameters, lastEventId);
        if (!open.acquire(caller.tenantId())) {
            meters.refused();
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "5");
            throw new ProblemException(Problems.of(HttpStatus.TOO_MANY_REQUESTS, Problems.TOO_MANY_REQUESTS,
                    "Too many streams", "The tenant has " + open.max() + " streams open on this instance, as many as "
                            + "allowed (bss.stream.max-per-tenant); close one first."), headers);
        }
        Subscriber subscriber = new Subscriber(caller.tenantId(), filter, start.position(), settings.buffer());
        try {
            StreamPosition joined = join(subscriber);
            CatchUp catchUp = null;
            if (start.position() != null && !start.position().reached(joined)) {
                awaitStored(start.position(), joined);
                catchUp = new CatchUp(log, caller.tenantId(), start.position(), null, joined, settings.catchUpPage());
            } else if (start.instant() != null) {
                awaitStored(null, joined);
                catchUp = new CatchUp(log, caller.tenantId(), null, start.instant(), joined, settings.catchUpPage());
            }
            return new StreamSession(subscriber, catchUp, joined, this);
        } catch (RuntimeException e) {
            closed(subscriber);
            throw e;
        }
    }

    /** A subscriber that fell behind while catching up joins again: where the fan-out is now, once it is stored. */
    StreamPosition rejoin(Subscriber subscriber) {
        fanOut.leave(subscriber);
        subscriber.restart();
        StreamPosition joined = join(subscriber);
        awaitStored(null, joined);
        return joined;
    }

    /** The stream has ended: the subscriber leaves the fan-out and no longer counts for its tenant. */
    void closed(Subscriber subscriber) {
        fanOut.leave(subscriber);
        open.release(subscriber.tenant);
    }

    StreamProperties settings() {
        return settings;
    }

    StreamMeters meters() {
        return meters;
    }

    private EventFilter filter(String tenant, Map<String, List<String>> parameters) {
        List<String> subscription = parameters.get("subscription");
        if (subscription == null) {
            return EventFilters.fromQuery(parameters, RESERVED);
        }
        if (subscription.size() != 1 || parameters.keySet().stream().anyMatch(name -> !RESERVED.contains(name))) {
            throw new InvalidRequestException("subscription: give one subscription id and no other filter");
        }
        UUID id;
        try {
            id = UUID.fromString(subscription.getFirst());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("subscription: not a subscription id");
        }
        return subscriptions.find(tenant, id).map(StoredSubscription::filter)
                .orElseThrow(() -> new ProblemException(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                        "No such subscription", "The tenant has no subscription " + id + ".")));
    }

    static Start start(Map<String, List<String>> parameters, String lastEventId) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                return new Start(StreamPosition.parse(lastEventId), null);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("Last-Event-ID: not a position this stream gave");
            }
        }
        List<String> from = parameters.get("from");
        if (from == null) {
            return new Start(null, null);
        }
        if (from.size() != 1) {
            throw new InvalidRequestException("from: give it once");
        }
        String value = from.getFirst();
        Instant instant = Rfc3339.parseOrNull(value);
        if (instant != null) {
            return new Start(null, instant);
        }
        try {
            return new Start(StreamPosition.parse(value), null);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    "from: neither a position this stream gave (an event's id) nor an RFC 3339 instant");
        }
    }

    /** The request's query parameters, each with all its values. */
    static Map<String, List<String>> parameters(Map<String, String[]> servletParameters) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        servletParameters.forEach((name, values) -> parameters.put(name, List.of(values)));
        return parameters;
    }

    private StreamPosition join(Subscriber subscriber) {
        try {
            return fanOut.join(subscriber).get(JOIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            fanOut.leave(subscriber);
            throw unavailable("the stream cannot read Kafka now");
        }
    }

    /**
     * Waits until the store has the events before {@code joined} on every partition the catch-up reads: those where
     * {@code from} is behind it (all of them when there is no {@code from}).
     */
    private void awaitStored(StreamPosition from, StreamPosition joined) {
        long deadline = System.nanoTime() + settings.catchUpWait().toNanos();
        while (true) {
            try {
                Map<Integer, Long> stored = progress.stored();
                boolean all = true;
                for (int p = 0; p < joined.partitions(); p++) {
                    boolean missed = from == null || from.at(p) < joined.at(p);
                    if (missed && stored.getOrDefault(p, 0L) < joined.at(p)) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    return;
                }
            } catch (IllegalStateException e) {
                // Kafka did not answer: ask again until the deadline
            }
            if (System.nanoTime() > deadline) {
                throw unavailable("the store has not stored the missed events yet");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("interrupted");
            }
        }
    }

    private static ProblemException unavailable(String why) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return new ProblemException(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                "Stream unavailable", "The stream cannot be opened now: " + why + ". Try again later."), headers);
    }
}
