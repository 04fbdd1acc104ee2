package org.bss.platform.stream.internal;

import java.io.IOException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Starts a stream's writer once the request's thread is back out of every filter. The filters and the dispatcher
 * still touch the request and the response on their way out (headers, security context, observation, async state);
 * a writer that started earlier would write to the same response at the same time, and a servlet response is not
 * safe for two threads.
 */
class StreamWriterStart extends OncePerRequestFilter {

    private static final String WRITER = StreamWriterStart.class.getName() + ".writer";
    private static final String PRESENT = StreamWriterStart.class.getName() + ".present";

    /**
     * Hands over the writer of this request's stream: it starts when the request's thread has left the filters, or
     * at once where this filter is not in the chain.
     */
    static void startAfterFilters(ServletRequest request, Runnable writer) {
        if (request.getAttribute(PRESENT) == null) {
            Thread.ofVirtual().name("bss-stream-sse").start(writer);
        } else {
            request.setAttribute(WRITER, writer);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(PRESENT, Boolean.TRUE);
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.getAttribute(WRITER) instanceof Runnable writer) {
                request.removeAttribute(WRITER);
                Thread.ofVirtual().name("bss-stream-sse").start(writer);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    /** Outermost, so that it runs last on the way out. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(Role.STREAM)
    static class Registration {

        @Bean
        FilterRegistrationBean<StreamWriterStart> streamWriterStart() {
            FilterRegistrationBean<StreamWriterStart> registration = new FilterRegistrationBean<>(new StreamWriterStart());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            registration.addUrlPatterns("/api/v1/stream");
            return registration;
        }
    }
}
