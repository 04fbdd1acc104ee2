package org.bss.platform.ingest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.ConsistencyToken;
import org.bss.platform.quota.QuotaDecision;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes ingest's JSON answers to the response itself instead of returning them to Spring MVC, whose
 * return-value handling (content negotiation, converter look-up, header copies) cost about a tenth of a request's
 * CPU for an answer that is always JSON. Errors still go through the exception handlers as problem+json.
 */
@Component
@ConditionalOnRole(Role.INGEST)
class IngestAnswers {

    private final JsonMapper json;

    IngestAnswers(JsonMapper json) {
        this.json = json;
    }

    /** 202 for one accepted event, with where it sits on bss.events. */
    void accepted(HttpServletResponse response, BusEvent event, boolean validated, ConsistencyToken token,
            QuotaDecision quota) throws IOException {
        Map<String, Object> body = accepted(event.event().id(), event.eventId(), validated);
        HttpHeaders headers = IngestProblems.rateLimit(quota);
        carry(token, body, headers);
        write(response, HttpStatus.ACCEPTED, headers, body);
    }

    /**
     * A batch's outcome: totals, where the accepted events sit on bss.events, and each event's result; the rate limit
     * unless nothing was accepted.
     */
    void batch(HttpServletResponse response, BatchOutcome outcome, QuotaDecision quota) throws IOException {
        HttpStatus status = outcome.status();
        HttpHeaders headers = switch (status) {
            case ACCEPTED, MULTI_STATUS -> IngestProblems.rateLimit(quota);
            case SERVICE_UNAVAILABLE -> {
                HttpHeaders retry = new HttpHeaders();
                retry.set(HttpHeaders.RETRY_AFTER, IngestProblems.RETRY_UNAVAILABLE);
                yield retry;
            }
            default -> new HttpHeaders();
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", outcome.accepted());
        body.put("rejected", outcome.rejected());
        carry(outcome.token(), body, headers);
        body.put("results", outcome.results().stream().map(IngestAnswers::result).toList());
        write(response, status, headers, body);
    }

    /**
     * The consistency token as the body's {@code consistencyToken} member and as a header, so that a later read
     * can wait until it has passed these events; neither when nothing was accepted.
     */
    private static void carry(ConsistencyToken token, Map<String, Object> body, HttpHeaders headers) {
        if (!token.isEmpty()) {
            String text = token.toString();
            body.put("consistencyToken", text);
            headers.set(ConsistencyToken.HEADER, text);
        }
    }

    private void write(HttpServletResponse response, HttpStatus status, HttpHeaders headers, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status.value());
        headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static Map<String, Object> result(BatchOutcome.Result result) {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("index", result.index());
        switch (result) {
            case BatchOutcome.Accepted accepted ->
                    member.putAll(accepted(accepted.id(), accepted.eventId(), accepted.validated()));
            case BatchOutcome.Rejected rejected -> {
                Map<String, Object> error = Problems.members(rejected.problem());
                error.remove("title");
                member.put("id", rejected.id());
                member.put("status", "rejected");
                member.put("error", error);
            }
        }
        return member;
    }

    private static Map<String, Object> accepted(String id, UUID eventId, boolean validated) {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("status", "accepted");
        member.put("id", id);
        member.put("eventId", eventId);
        member.put("validated", validated);
        return member;
    }
}
