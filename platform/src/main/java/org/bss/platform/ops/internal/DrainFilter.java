package org.bss.platform.ops.internal;

import java.io.IOException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.platform.ops.LifecycleProperties;
import org.bss.platform.web.ProblemWriter;
import org.bss.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the instance drains, a write (any method but GET, HEAD and OPTIONS) is answered 503 with
 * {@code Retry-After} before anything else runs, and every answer carries {@code Connection: close}, so that
 * keep-alive clients open their next connection elsewhere instead of meeting a closed one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DrainFilter extends OncePerRequestFilter {

    private final Drain drain;
    private final ProblemWriter problems;
    private final String retryAfter;

    DrainFilter(Drain drain, ProblemWriter problems, LifecycleProperties properties) {
        this.drain = drain;
        this.problems = problems;
        this.retryAfter = Long.toString(Math.max(1, properties.shutdownTimeout().toSeconds()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!drain.draining()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.CONNECTION, "close");
        switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> chain.doFilter(request, response);
            default -> {
                response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
                problems.write(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                        "Shutting down", "This instance is shutting down; send the request to another one or retry after "
                                + retryAfter + " s."));
            }
        }
    }
}
