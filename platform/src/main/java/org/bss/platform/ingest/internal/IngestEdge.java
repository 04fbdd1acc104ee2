package org.bss.platform.ingest.internal;

import java.io.IOException;
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
import org.bss.platform.web.ProblemException;
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
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The hot path's own entrance: {@code POST /api/v1/events} with one API key or one bearer token is answered here,
 * before Spring Security's filter chain and Spring MVC's dispatch, which cost about half as much CPU per single event
 * as ingest's own work. What they would do is done as plain calls: the firewall, the credentials ({@link Callers}), the scope,
 * the tenant in the log, the security headers, the request's {@code uri} for {@code http.server.requests}, and
 * errors as problems: a {@link ProblemException} as it is, others by the exception handlers the controller has. A
 * request it does not recognise as plain (no or bad credentials, a missing scope, {@code BSS-Tenant}, a cross-origin
 * request) goes on to the chain unchanged, which answers it as it always has.
 */
class IngestEdge extends OncePerRequestFilter {

    static final String PATH = "/api/v1/events";

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
        securityHeaders(checked, response);
        MDC.put("tenant", caller.get().tenantId());
        try {
            ingest.post(checked, response, caller.get());
        } catch (ProblemException e) {
            e.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            problems.write(response, e.problem());
        } catch (Exception e) {
            if (response.isCommitted() || errors.resolveException(checked, response, handler, e) == null) {
                throw new ServletException(e);
            }
        } finally {
            MDC.remove("tenant");
        }
    }

    /** Those Spring Security's header writer adds to every answer of the chain. */
    private static void securityHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-XSS-Protection", "0");
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Expires", "0");
        response.setHeader("X-Frame-Options", "DENY");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
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
