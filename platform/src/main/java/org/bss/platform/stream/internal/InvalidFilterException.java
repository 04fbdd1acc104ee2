package org.bss.platform.stream.internal;

import java.util.List;
import org.bss.model.envelope.Violation;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Filters a subscriber asked for that cannot be used: 400 {@code malformed-request}, whose {@code errors} name each
 * bad part (a JSON pointer into the request body, or {@code ?name} for a query parameter) and what is wrong with it.
 */
final class InvalidFilterException extends ProblemException {

    private final transient List<Problems.FieldError> errors;

    InvalidFilterException(List<Violation> violations) {
        this(detail(violations), violations.stream()
                .map(v -> new Problems.FieldError(v.pointer(), v.message()))
                .toList());
    }

    private InvalidFilterException(String detail, List<Problems.FieldError> errors) {
        super(problem(detail, errors));
        this.errors = errors;
    }

    /** What is wrong, in the order found. */
    List<Problems.FieldError> errors() {
        return errors;
    }

    private static ProblemDetail problem(String detail, List<Problems.FieldError> errors) {
        ProblemDetail problem =
                Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, "Invalid filter", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static String detail(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid filter has at least one violation");
        }
        Violation first = violations.getFirst();
        String where = first.pointer() + ": " + first.message();
        return violations.size() == 1 ? "The filter cannot be used: " + where + "."
                : "The filter cannot be used, for " + violations.size() + " reasons (see errors); the first is "
                        + where + ".";
    }
}
