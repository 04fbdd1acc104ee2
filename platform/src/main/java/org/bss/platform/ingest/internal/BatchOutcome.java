package org.bss.platform.ingest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.ConsistencyToken;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * What a batch request is answered: each event's result, in the order of the request, the status, and where the
 * accepted events sit on bss.events ({@code token}, empty when none was accepted).
 */
record BatchOutcome(List<Result> results, ConsistencyToken token) {

    BatchOutcome {
        results = List.copyOf(results);
    }

    /** An entry of the batch before Kafka answered: refused already, or admitted and sent. */
    sealed interface Entry permits Sent, Rejected {
    }

    record Sent(int index, BusEvent event, boolean validated) implements Entry {
    }

    /** One event's result; {@code id} is its CloudEvents id (null when the entry could not be read). */
    sealed interface Result permits Accepted, Rejected {
        int index();

        String id();
    }

    record Accepted(int index, String id, UUID eventId, boolean validated) implements Result {
    }

    record Rejected(int index, String id, ProblemDetail problem) implements Result, Entry {
    }

    /**
     * The results once Kafka answered: a sent event is accepted where it acknowledged it, rejected as unavailable
     * where not.
     *
     * @param acknowledgements one per {@link Sent} entry, in their order
     */
    static BatchOutcome settle(List<Entry> entries, Acknowledgements acknowledgements) {
        List<Result> results = new ArrayList<>(entries.size());
        int sentIndex = 0;
        for (Entry entry : entries) {
            results.add(switch (entry) {
                case Rejected rejected -> rejected;
                case Sent sent -> acknowledgements.isAcknowledged(sentIndex++)
                        ? new Accepted(sent.index(), sent.event().event().id(), sent.event().eventId(), sent.validated())
                        : new Rejected(sent.index(), sent.event().event().id(), IngestProblems.unavailable());
            });
        }
        return new BatchOutcome(results, acknowledgements.token());
    }

    long accepted() {
        return results.stream().filter(Accepted.class::isInstance).count();
    }

    long rejected() {
        return results.size() - accepted();
    }

    /** Whether an event was refused only because Kafka did not acknowledge it (a retry may take it). */
    boolean unavailable() {
        return results.stream().anyMatch(r -> r instanceof Rejected rejected
                && rejected.problem().getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value());
    }

    /**
     * 202 when every event was accepted, 207 when some were, else 503 when Kafka failed any (the batch may be
     * resent), else 400.
     */
    HttpStatus status() {
        long accepted = accepted();
        if (accepted == results.size()) {
            return HttpStatus.ACCEPTED;
        }
        if (accepted > 0) {
            return HttpStatus.MULTI_STATUS;
        }
        return unavailable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_REQUEST;
    }
}
