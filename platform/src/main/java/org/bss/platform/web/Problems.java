package org.bss.platform.web;

import java.net.URI;
import java.util.List;
import org.bss.model.envelope.Violation;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The platform's RFC 9457 problem types. Every error the API answers is one of these, as
 * {@code application/problem+json}.
 */
public final class Problems {

    public static final String INVALID_EVENT = "invalid-event";
    public static final String MALFORMED_REQUEST = "malformed-request";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";
    public static final String TENANT_MISMATCH = "tenant-mismatch";
    public static final String UNAVAILABLE = "unavailable";
    public static final String TOO_LARGE = "payload-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String NOT_FOUND = "not-found";
    public static final String CONFLICT = "conflict";
    public static final String TOO_MANY_REQUESTS = "quota-exceeded";

    private Problems() {
    }

    public static URI type(String name) {
        return URI.create("urn:bss:problem:" + name);
    }

    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        problem.setTitle(title);
        return problem;
    }

    /** A request the client got wrong as a whole (its syntax, framing or a parameter): 400 malformed-request. */
    public static ProblemDetail malformed(String detail) {
        return of(HttpStatus.BAD_REQUEST, MALFORMED_REQUEST, "Bad request", detail);
    }

    /**
     * A request Spring Security's firewall refused. Its reason is not quoted: it may hold the refused header's value,
     * an API key among them.
     */
    public static ProblemDetail refusedByFirewall() {
        return malformed("The request was refused: its method is not one the platform knows, its path holds //, /./ or "
                + "an encoded separator, or a header holds control characters.");
    }

    /** {@link #ofStatus(int, String)} with what the status alone says of the request. */
    public static ProblemDetail ofStatus(int status) {
        return ofStatus(status, switch (status) {
            case 408 -> "The request did not arrive whole in time.";
            case 413 -> "The request is larger than the platform takes.";
            default -> status >= 500 ? "The request failed on the platform's side."
                    : "The request was refused with status " + status + ".";
        });
    }

    /**
     * The problem for a status that ended a request outside the API's handlers (the servlet container's or the
     * firewall's): the platform's type for it, and its reason phrase as the title.
     */
    public static ProblemDetail ofStatus(int status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        HttpStatus known = HttpStatus.resolve(status);
        problem.setType(type(switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "request-timeout";
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> TOO_MANY_REQUESTS;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? "internal-error" : MALFORMED_REQUEST;
        }));
        problem.setTitle(known == null ? "Error " + status : known.getReasonPhrase());
        return problem;
    }

    /** A validation problem; {@code errors} names each field (JSON pointer) and why it was refused. */
    public static ProblemDetail invalid(String detail, List<Violation> violations) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, INVALID_EVENT, "Invalid event", detail);
        problem.setProperty("errors", violations.stream()
                .map(v -> new FieldError(v.pointer(), v.message()))
                .toList());
        return problem;
    }

    /** The problem as its JSON members, {@code properties} flattened in (RFC 9457 extension members). */
    public static java.util.Map<String, Object> members(ProblemDetail problem) {
        java.util.Map<String, Object> members = new java.util.LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }

    /** One entry of a validation problem's {@code errors}. */
    public record FieldError(String pointer, String message) {
    }
}
