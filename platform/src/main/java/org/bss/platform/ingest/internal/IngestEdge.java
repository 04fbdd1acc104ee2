package org.bss.platform.ingest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.ingest.IngestProperties;
import org.bss.platform.tenancy.Callers;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.web.ProblemWriter;
import org.bss.platform.web.Problems;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.CompositeHeaderWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The hot path's own entrance: {@code POST /api/v1/events} with one API key or one bearer token is answered here,
 * before Spring Security's filter chain and Spring MVC's dispatch, which cost about half as much CPU per single event
 * as ingest's own work. What they would do is done as plain calls: the firewall, the credentials ({@link Callers}), the scope,
 * the tenant in the log, the security headers, the request's {@code uri} for {@code http.server.requests}, and
 * errors as problems by the exception handlers the controller has. A request it does not recognise as plain (no or
 * bad credentials, a missing scope, {@code BSS-Tenant}, a cross-origin request) goes on to the chain unchanged, which
 * answers it as it always has.
 */
class IngestEdge extends OncePerRequestFilter {

    static final String PATH = "/api/v1/events";

    /** Spring Security's default header writers, in the chain's order. */
    private static final HeaderWriter SECURITY_HEADERS = securityHeaders();

    private final Callers callers;
    private final EventIngestController ingest;
    private final HandlerExceptionResolver errors;
    private final HttpFirewall firewall;
    private final ProblemWriter problems;
    /** The controller's method, for the exception handlers: they answer as they do for the controller. */
    private final HandlerMethod handler;

    IngestEdge(Callers callers, EventIngestController ingest, HandlerExceptionResolver errors, HttpFirewall firewall,
            ProblemWriter problems) {
        this.callers = callers;
        this.ingest = ingest;
        this.errors = errors;
        this.firewall = firewall;
        this.problems = problems;
        try {
            this.handler = new HandlerMethod(ingest, EventIngestController.class.getDeclaredMethod("post",
                    HttpServletRequest.class, HttpServletResponse.class, TenantPrincipal.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !PATH.equals(request.getRequestURI())
                || request.getHeader("Origin") != null || request.getHeader("BSS-Tenant") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest checked;
        Optional<TenantPrincipal> caller;
        try {
            checked = firewall.getFirewalledRequest(request);
            caller = callers.of(checked);
        } catch (RequestRejectedException e) {
            problems.write(response, Problems.refusedByFirewall());
            return;
        }
        if (caller.isEmpty() || !caller.get().scopes().contains(Scope.EVENTS_WRITE)) {
            chain.doFilter(request, response);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(PATH));
        // Written before the answer rather than on commit as the chain does: nothing on this path sets these headers.
        SECURITY_HEADERS.writeHeaders(checked, response);
        MDC.put(Callers.TENANT_MDC_KEY, caller.get().tenantId());
        try {
            ingest.post(checked, response, caller.get());
        } catch (Exception e) {
            // Resolved even when the response reports itself committed, as DispatcherServlet does: a body Tomcat
            // cannot read makes it call sendError(400), which suspends the response; its error page answers then.
            if (errors.resolveException(checked, response, handler, e) == null) {
                throw new ServletException(e);
            }
        } finally {
            MDC.remove(Callers.TENANT_MDC_KEY);
        }
    }

    private static HeaderWriter securityHeaders() {
        XXssProtectionHeaderWriter xss = new XXssProtectionHeaderWriter();
        xss.setHeaderValue(XXssProtectionHeaderWriter.HeaderValue.DISABLED);
        return new CompositeHeaderWriter(List.of(new XContentTypeOptionsHeaderWriter(), xss,
                new CacheControlHeadersWriter(), new HstsHeaderWriter(), new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY)));
    }

    /** Just before Spring Security's filters: after the drain, the request's observation and its encoding. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(Role.INGEST)
    static class Registration {

        @Bean
        FilterRegistrationBean<IngestEdge> ingestEdge(Callers callers, EventIngestController ingest,
                @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors,
                ObjectProvider<HttpFirewall> firewall, ProblemWriter problems, IngestProperties properties) {
            FilterRegistrationBean<IngestEdge> registration = new FilterRegistrationBean<>(new IngestEdge(callers,
                    ingest, errors, firewall.getIfAvailable(StrictHttpFirewall::new), problems));
            registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
            registration.setEnabled(properties.edge());
            return registration;
        }
    }
}
