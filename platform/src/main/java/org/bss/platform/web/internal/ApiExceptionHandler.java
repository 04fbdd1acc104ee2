package org.bss.platform.web.internal;

import java.util.UUID;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.bss.model.envelope.InvalidEventException;
import org.bss.platform.web.Problems;
import org.bss.platform.web.ProblemException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.TransactionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every error of the API into {@code application/problem+json}. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidEventException.class)
    ResponseEntity<ProblemDetail> invalidEvent(InvalidEventException e) {
        return ResponseEntity.badRequest()
                .body(Problems.invalid("The event is not a valid CloudEvent: " + e.getMessage(), e.violations()));
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        return ResponseEntity.status(e.problem().getStatus()).headers(e.headers()).body(e.problem());
    }

    /**
     * Tomcat could not decode the request's parameters (bad percent-encoding such as {@code ?type=%zz}, or too many of
     * them) when they were first read, here while binding a handler's {@code @RequestParam}s.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameters(InvalidParameterException e) {
        HttpStatus status = HttpStatus.resolve(e.getErrorCode());
        if (status == null || !status.is4xxClientError()) {
            status = HttpStatus.BAD_REQUEST;
        }
        return ResponseEntity.status(status).body(Problems.of(status,
                status == HttpStatus.CONTENT_TOO_LARGE ? Problems.TOO_LARGE : Problems.MALFORMED_REQUEST, "Bad request",
                "The request's parameters could not be read: each must be percent-encoded UTF-8 (RFC 3986), e.g. "
                        + "type=order.placed or source=%2Fbilling."));
    }

    /**
     * Spring Security's firewall refused a value it reads lazily, such as a header holding bytes 0x80-0x9F that the
     * handler read: the request is malformed, as it is when the firewall refuses it before the handler.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        log.debug("The firewall refused a request: {}", e.getMessage());
        return ResponseEntity.badRequest().body(Problems.refusedByFirewall());
    }

    /** PostgreSQL cannot answer now (down, restarting, pool exhausted): retry later. */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("The database could not answer: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE, "Database unavailable",
                        "The event store cannot answer right now. Retry later."));
    }

    /**
     * Anything else is the platform's fault (an {@code IllegalArgumentException} too: bad input is refused with
     * {@link org.bss.platform.web.InvalidRequestException}): a problem all the same, without internals in it, and an
     * {@code errorId} that finds its log line.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String errorId = UUID.randomUUID().toString();
        log.error("Unexpected error {}", errorId, e);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request failed on the platform's side; it has been logged as error " + errorId + ".");
        problem.setProperty("errorId", errorId);
        return ResponseEntity.internalServerError().body(problem);
    }

    /** Spring MVC's own errors (404, 405, 415, ...) get the platform's problem types too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(Problems.type(switch (status.value()) {
                case 404 -> Problems.NOT_FOUND;
                case 405 -> "method-not-allowed";
                case 406 -> "not-acceptable";
                case 415 -> Problems.UNSUPPORTED_MEDIA_TYPE;
                default -> Problems.MALFORMED_REQUEST;
            }));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST,
                "Unreadable request body", "The request body could not be read."));
    }
}
