package org.bss.platform.tenancy;

import java.util.Optional;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who sent a request, for a handler that answers it before Spring Security's filter chain (ingest's edge). Only the
 * plain case is recognised: one API key or one bearer token, valid, of a tenant that may act. Anything else is
 * empty and is left to the chain, which refuses it with its usual problem.
 */
public interface Callers {

    /** The MDC key under which the caller's tenant is logged while its request is served. */
    String TENANT_MDC_KEY = "tenant";

    Optional<TenantPrincipal> of(HttpServletRequest request);
}
