package org.bss.platform.ingest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.model.envelope.BatchEntry;
import org.bss.model.envelope.BinaryMode;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.envelope.Violation;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.ingest.IngestProperties;
import org.bss.platform.quota.QuotaDecision;
import org.bss.platform.quota.Quotas;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.bss.platform.web.RequestBodies;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/events}, the CloudEvents HTTP binding: structured mode (one event as
 * {@code application/cloudevents+json}, or {@code application/json} with no {@code ce-specversion} header),
 * binary mode ({@code ce-*} headers, body = data) and batch mode ({@code application/cloudevents-batch+json}).
 * An event is answered accepted only once Kafka acknowledged it.
 */
@RestController
@ConditionalOnRole(Role.INGEST)
class EventIngestController {

    private static final MediaType STRUCTURED = MediaType.parseMediaType(StructuredFormat.MEDIA_TYPE);
    private static final MediaType BATCH = MediaType.parseMediaType(StructuredFormat.BATCH_MEDIA_TYPE);
    private static final List<MediaType> SUPPORTED = List.of(STRUCTURED, BATCH, MediaType.APPLICATION_JSON);

    private final EventAdmission admission;
    private final EventPublisher publisher;
    private final IngestProperties limits;
    private final Quotas quotas;
    private final JsonMapper json;

    EventIngestController(EventAdmission admission, EventPublisher publisher, IngestProperties limits, Quotas quotas,
            JsonMapper json) {
        this.admission = admission;
        this.publisher = publisher;
        this.limits = limits;
        this.quotas = quotas;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    void post(HttpServletRequest request, HttpServletResponse response, @AuthenticationPrincipal TenantPrincipal caller)
            throws IOException, HttpMediaTypeNotSupportedException {
        write(answer(request, caller), response);
    }

    /**
     * Writes the answer itself instead of returning it to Spring MVC, whose return-value handling (content
     * negotiation, converter look-up, header copies) cost about a tenth of a request's CPU for an answer that is
     * always JSON. Errors still go through the exception handlers as problem+json.
     */
    private void write(ResponseEntity<Map<String, Object>> answer, HttpServletResponse response) throws IOException {
        byte[] body = json.writeValueAsBytes(answer.getBody());
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private ResponseEntity<Map<String, Object>> answer(HttpServletRequest request, TenantPrincipal caller)
            throws IOException, HttpMediaTypeNotSupportedException {
        MediaType type = contentType(request);
        if (type != null && type.equalsTypeAndSubtype(BATCH)) {
            return batch(caller, RequestBodies.read(request, limits.maxBatchSize(), "The batch"));
        }
        if (type != null && type.equalsTypeAndSubtype(STRUCTURED)) {
            return single(caller, StructuredFormat.read(RequestBodies.read(request, limits.maxEventSize(), "The event")));
        }
        if (request.getHeader(BinaryMode.SPEC_VERSION_HEADER) != null) {
            byte[] body = RequestBodies.read(request, limits.maxEventSize(), "The event");
            return single(caller, BinaryMode.read(Collections.list(request.getHeaderNames()), request::getHeader,
                    request.getContentType(), body));
        }
        if (type != null && type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
            return single(caller, StructuredFormat.read(RequestBodies.read(request, limits.maxEventSize(), "The event")));
        }
        throw new HttpMediaTypeNotSupportedException(type, SUPPORTED);
    }

    private ResponseEntity<Map<String, Object>> single(TenantPrincipal caller, CloudEvent event) {
        QuotaDecision quota = spend(caller, 1);
        return switch (admission.admit(caller, event)) {
            case Admission.Refused refused -> throw new ProblemException(problem(refused));
            case Admission.Admitted admitted -> {
                if (!publisher.publish(List.of(admitted.event())).getFirst()) {
                    throw unavailable();
                }
                yield ResponseEntity.accepted().headers(rateLimit(quota)).body(accepted(event.id(), admitted));
            }
        };
    }

    /** One token per event, before any work is done for them; 429 with Retry-After when the tenant is over. */
    private QuotaDecision spend(TenantPrincipal caller, long events) {
        QuotaDecision quota = quotas.consume(caller.tenantId(), caller.credentialId(), events);
        if (!quota.allowed()) {
            HttpHeaders headers = rateLimit(quota);
            long seconds = Math.max(1, (quota.retryAfter().toMillis() + 999) / 1000);
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            headers.set("RateLimit-Reset", Long.toString(seconds));
            throw new ProblemException(Problems.of(HttpStatus.TOO_MANY_REQUESTS, Problems.TOO_MANY_REQUESTS, "Quota exceeded",
                    "The tenant's ingest quota allows " + quota.limit() + " events at once and refills over time; "
                            + events + " do not fit now. Retry after " + seconds + " s."), headers);
        }
        return quota;
    }

    private static HttpHeaders rateLimit(QuotaDecision quota) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("RateLimit-Limit", Long.toString(quota.limit()));
        headers.set("RateLimit-Remaining", Long.toString(Math.max(0, quota.remaining())));
        return headers;
    }

    private ResponseEntity<Map<String, Object>> batch(TenantPrincipal caller, byte[] body) {
        List<BatchEntry> entries = StructuredFormat.readBatch(body, (int) limits.maxEventSize().toBytes());
        if (entries.size() > limits.maxBatchEvents()) {
            throw new ProblemException(Problems.of(HttpStatus.CONTENT_TOO_LARGE, Problems.TOO_LARGE, "Payload too large",
                    "The batch has " + entries.size() + " events; the limit is " + limits.maxBatchEvents() + "."));
        }
        if (entries.isEmpty()) {
            throw new ProblemException(Problems.invalid("The batch is empty.", List.of(Violation.whole("a batch needs at least one event"))));
        }
        QuotaDecision quota = spend(caller, entries.size());
        List<Map<String, Object>> results = new ArrayList<>(entries.size());
        List<Admission.Admitted> admitted = new ArrayList<>();
        List<Integer> admittedIndexes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Admission decision = switch (entries.get(i)) {
                case BatchEntry.Read read -> admission.admit(caller, read.event());
                case BatchEntry.Unreadable unreadable -> new Admission.Refused(HttpStatus.BAD_REQUEST,
                        Problems.INVALID_EVENT, "Invalid event", "The event is not a valid CloudEvent.", unreadable.violations());
                case BatchEntry.TooLarge tooLarge -> new Admission.Refused(HttpStatus.CONTENT_TOO_LARGE, Problems.TOO_LARGE,
                        "Payload too large", "The event is " + tooLarge.bytes() + " bytes; the limit is "
                        + RequestBodies.human(limits.maxEventSize()) + ".", List.of());
            };
            String id = entries.get(i) instanceof BatchEntry.Read read ? read.event().id() : null;
            switch (decision) {
                case Admission.Admitted a -> {
                    admitted.add(a);
                    admittedIndexes.add(i);
                    results.add(null); // filled in once Kafka answered
                }
                case Admission.Refused refused -> results.add(rejected(i, id, problem(refused)));
            }
        }
        List<Boolean> acknowledged = publisher.publish(admitted.stream().map(Admission.Admitted::event).toList());
        boolean kafkaFailed = false;
        for (int k = 0; k < admitted.size(); k++) {
            int index = admittedIndexes.get(k);
            Admission.Admitted a = admitted.get(k);
            if (acknowledged.get(k)) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("index", index);
                result.putAll(accepted(a.event().event().id(), a));
                results.set(index, result);
            } else {
                kafkaFailed = true;
                results.set(index, rejected(index, a.event().event().id(), unavailable().problem()));
            }
        }
        long accepted = acknowledged.stream().filter(ok -> ok).count();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", accepted);
        response.put("rejected", entries.size() - accepted);
        response.put("results", results);
        if (accepted == entries.size()) {
            return ResponseEntity.accepted().headers(rateLimit(quota)).body(response);
        }
        if (accepted > 0) {
            return ResponseEntity.status(HttpStatus.MULTI_STATUS).headers(rateLimit(quota)).body(response);
        }
        return kafkaFailed
                ? ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(response)
                : ResponseEntity.badRequest().body(response);
    }

    private static Map<String, Object> accepted(String id, Admission.Admitted admitted) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "accepted");
        result.put("id", id);
        result.put("eventId", admitted.event().eventId());
        result.put("validated", admitted.validated());
        return result;
    }

    private static Map<String, Object> rejected(int index, String id, ProblemDetail problem) {
        Map<String, Object> error = Problems.members(problem);
        error.remove("title");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("index", index);
        result.put("id", id);
        result.put("status", "rejected");
        result.put("error", error);
        return result;
    }

    private static ProblemDetail problem(Admission.Refused refused) {
        ProblemDetail problem = Problems.of(refused.status(), refused.problemType(), refused.title(), refused.detail());
        if (!refused.violations().isEmpty()) {
            problem.setProperty("errors", refused.violations().stream()
                    .map(v -> new Problems.FieldError(v.pointer(), v.message())).toList());
        }
        return problem;
    }

    private static ProblemException unavailable() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return new ProblemException(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                "Event bus unavailable", "Kafka did not acknowledge the event in time, so it is not accepted. It may still "
                        + "arrive: resend it with the same source and id later, and it is stored once."), headers);
    }

    private static MediaType contentType(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
        String header = request.getContentType();
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException("Content-Type '" + header + "' is not a media type");
        }
    }
}
