package org.bss.platform.ingest.internal;

import java.util.List;
import org.bss.model.envelope.Violation;
import org.bss.platform.quota.QuotaDecision;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.bss.platform.web.RequestBodies;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

/** The problems ingest answers, and its headers: what a refusal or a failure looks like over HTTP. */
final class IngestProblems {

    /** Seconds a client waits before it resends what Kafka did not acknowledge. */
    static final String RETRY_UNAVAILABLE = "5";

    private IngestProblems() {
    }

    static ProblemDetail refused(Admission.Refused refused) {
        ProblemDetail problem = switch (refused.reason()) {
            case INVALID -> {
                Violation first = refused.violations().getFirst();
                yield Problems.of(HttpStatus.BAD_REQUEST, Problems.INVALID_EVENT, "Invalid event", "The event was refused: "
                        + (first.pointer().isEmpty() ? "" : first.pointer() + " ") + first.message()
                        + (refused.violations().size() > 1 ? " (and " + (refused.violations().size() - 1) + " more)" : ""));
            }
            case WRONG_TENANT -> Problems.of(HttpStatus.FORBIDDEN, Problems.TENANT_MISMATCH, "Wrong tenant",
                    "The event's tenantid extension names a tenant other than the caller's.");
        };
        return withErrors(problem, refused.violations());
    }

    /** A batch entry that is not a CloudEvent at all. */
    static ProblemDetail unreadable(List<Violation> violations) {
        return withErrors(Problems.of(HttpStatus.BAD_REQUEST, Problems.INVALID_EVENT, "Invalid event",
                "The event is not a valid CloudEvent."), violations);
    }

    /** A batch entry over the size limit of one event. */
    static ProblemDetail tooLarge(long bytes, DataSize limit) {
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, Problems.TOO_LARGE, "Payload too large",
                "The event is " + bytes + " bytes; the limit is " + RequestBodies.human(limit) + ".");
    }

    static ProblemDetail unavailable() {
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE, "Event bus unavailable",
                "Kafka did not acknowledge the event in time, so it is not accepted. It may still arrive: resend it "
                        + "with the same source and id later, and it is stored once.");
    }

    static ProblemException unavailableException() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_UNAVAILABLE);
        return new ProblemException(unavailable(), headers);
    }

    /** 429 with Retry-After when the tenant's quota does not take {@code events} now. */
    static ProblemException quotaExceeded(QuotaDecision quota, long events) {
        HttpHeaders headers = rateLimit(quota);
        long seconds = Math.max(1, (quota.retryAfter().toMillis() + 999) / 1000);
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        headers.set("RateLimit-Reset", Long.toString(seconds));
        return new ProblemException(Problems.of(HttpStatus.TOO_MANY_REQUESTS, Problems.TOO_MANY_REQUESTS, "Quota exceeded",
                "The tenant's ingest quota allows " + quota.limit() + " events at once and refills over time; "
                        + events + " do not fit now. Retry after " + seconds + " s."), headers);
    }

    static HttpHeaders rateLimit(QuotaDecision quota) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("RateLimit-Limit", Long.toString(quota.limit()));
        headers.set("RateLimit-Remaining", Long.toString(Math.max(0, quota.remaining())));
        return headers;
    }

    private static ProblemDetail withErrors(ProblemDetail problem, List<Violation> violations) {
        if (!violations.isEmpty()) {
            problem.setProperty("errors", violations.stream()
                    .map(v -> new Problems.FieldError(v.pointer(), v.message())).toList());
        }
        return problem;
    }
}
