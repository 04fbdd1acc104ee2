package org.bss.platform.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/** Ends a request with the given problem (and headers, such as Retry-After). */
public class ProblemException extends RuntimeException {

    private final transient ProblemDetail problem;
    private final transient HttpHeaders headers;

    public ProblemException(ProblemDetail problem, HttpHeaders headers) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public ProblemException(ProblemDetail problem) {
        this(problem, HttpHeaders.EMPTY);
    }

    public ProblemDetail problem() {
        return problem;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
