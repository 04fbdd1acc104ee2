package org.bss.platform.tenancy.internal;

import java.io.IOException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.platform.tenancy.Callers;
import org.bss.platform.tenancy.TenantPrincipal;
import org.slf4j.MDC;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The caller's tenant in the log: every line logged while a request is served after it was authenticated (by API
 * key, bearer token or stream ticket) carries {@code tenant} (MDC), beside the trace and span ids Micrometer
 * Tracing puts there; removed when the request is done, since a thread may serve another tenant next.
 */
class TenantLogContext extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof TenantPrincipal caller)) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(Callers.TENANT_MDC_KEY, caller.tenantId());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(Callers.TENANT_MDC_KEY);
        }
    }

    /** Right after Spring Security's filters, so inside them: the request is authenticated by then. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<TenantLogContext> tenantLogContext() {
            FilterRegistrationBean<TenantLogContext> registration = new FilterRegistrationBean<>(new TenantLogContext());
            registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
            return registration;
        }
    }
}
