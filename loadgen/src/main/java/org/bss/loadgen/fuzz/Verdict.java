package org.bss.loadgen.fuzz;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How one request went: its outcome, the status and media type of the answer that decided it (0 and "" when there was
 * none), and a short note of why.
 */
record Verdict(Outcome outcome, int status, String mediaType, String note) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A 4xx problem+json whose {@code status} is the HTTP status, a 400 batch answer that rejects every event, or a
     * connection closed without an answer, is what a malformed request should get; anything else is a finding. When
     * several answers came (bytes left after the first request), every one must pass.
     */
    static Verdict of(Exchange.Received received, java.time.Duration timeout) {
        Verdict decided = null;
        for (Answers.Answer answer : received.answers()) {
            Verdict verdict = of(answer);
            if (decided == null || verdict.outcome().finding() && !decided.outcome().finding()) {
                decided = verdict;
            }
        }
        if (received.malformed() != null && (decided == null || !decided.outcome().finding())) {
            return new Verdict(Outcome.MALFORMED_ANSWER, decided == null ? 0 : decided.status(), "", received.malformed());
        }
        if (decided != null) {
            return decided;
        }
        return switch (received.end()) {
            case CLOSED, DONE -> new Verdict(Outcome.CLOSED, 0, "", "closed");
            case RESET -> new Verdict(Outcome.CLOSED, 0, "", "reset");
            case TIMED_OUT -> new Verdict(Outcome.HANG, 0, "", "no answer within " + timeout.toSeconds() + " s, and the connection still open");
        };
    }

    static Verdict of(Answers.Answer answer) {
        int status = answer.status();
        String type = answer.mediaType();
        if (status >= 200 && status < 300) {
            return new Verdict(Outcome.ACCEPTED, status, type, answer.statusLine());
        }
        if (status >= 500 && status < 600) {
            return new Verdict(Outcome.SERVER_ERROR, status, type, answer.statusLine());
        }
        if (status < 400 || status >= 500) {
            return new Verdict(Outcome.OTHER_STATUS, status, type, answer.statusLine());
        }
        JsonNode body = json(answer.body());
        if (type.equals("application/problem+json")) {
            if (body == null || !body.isObject()) {
                return new Verdict(Outcome.NOT_PROBLEM, status, type, "problem+json whose body is not a JSON object");
            }
            JsonNode member = body.get("status");
            if (member == null || !member.isIntegralNumber() || member.asInt() != status) {
                return new Verdict(Outcome.NOT_PROBLEM, status, type, "problem+json whose status is " + member + ", not " + status);
            }
            return new Verdict(Outcome.PROBLEM, status, type, text(body.get("type")));
        }
        if (status == 400 && type.equals("application/json") && everyEventRejected(body)) {
            return new Verdict(Outcome.BATCH_REFUSED, status, type, "batch answer, every event rejected");
        }
        return new Verdict(Outcome.NOT_PROBLEM, status, type, type.isEmpty() ? "no Content-Type" : "Content-Type " + type);
    }

    /** The batch answer the platform documents for a batch none of whose events it accepted. */
    private static boolean everyEventRejected(JsonNode body) {
        if (body == null || !body.isObject() || body.path("accepted").asLong(-1) != 0) {
            return false;
        }
        JsonNode results = body.get("results");
        if (results == null || !results.isArray() || results.isEmpty()) {
            return false;
        }
        for (JsonNode result : results) {
            JsonNode error = result.get("error");
            if (!"rejected".equals(text(result.get("status"))) || error == null || !error.isObject()
                    || error.path("status").asInt(0) < 400 || error.path("status").asInt(0) >= 500) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode json(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }
}
